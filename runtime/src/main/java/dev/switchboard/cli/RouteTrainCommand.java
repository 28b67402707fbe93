package dev.switchboard.cli;

import dev.switchboard.routing.data.Example;
import dev.switchboard.routing.embed.StaticPromptEmbedder;
import dev.switchboard.routing.quality.ReferenceSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code switchboard route train}: embeds outcome data's prompts into a reference set for the kNN quality predictor. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Build a router reference set from outcome data: RouterBench wide CSV, long CSV "
                + "(prompt,model,score[,cost_usd][,category]) or JSONL ({\"prompt\",\"category\",\"scores\",\"costs_usd\"}).",
                "Point the gateway at the result with the config key routing.reference_set."})
final class RouteTrainCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "FILE", required = true, description = "Outcome data; repeat to combine files.")
    List<Path> data;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Reference set to write (gzip'd binary).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<Example> examples = OutcomeData.read(data);
        long started = System.nanoTime();
        ReferenceSet reference = ReferenceSet.embed(examples, StaticPromptEmbedder.loadBundled());
        reference.write(out);
        spec.commandLine().getOut().printf("Wrote %s: %d prompts, %d models %s (embedded in %.1f s)%n",
                out, reference.size(), reference.models().size(), reference.models(), (System.nanoTime() - started) / 1e9);
        return 0;
    }
}
