package dev.switchboard.cli;

import dev.switchboard.routing.embed.PromptEmbedder;
import dev.switchboard.routing.embed.distill.BgeSmallTeacher;
import dev.switchboard.routing.embed.distill.Distillation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code switchboard route distill}: builds the router's static embedding table from BGE small. */
@Command(name = "distill", mixinStandardHelpOptions = true,
        description = {"Distil BGE small v1.5 (LangChain4j's in-process ONNX model) into the static embedding table the router embeds prompts with:",
                "every vocabulary token through the transformer, PCA to " + PromptEmbedder.DIMENSIONS + " dimensions, int8.",
                "The shipped reference set and task examples are embedded with the table: rebuild them after (resources/routing/README.md)."})
final class RouteDistillCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Table to write (gzip'd binary).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        Distillation.Result result;
        try (BgeSmallTeacher teacher = new BgeSmallTeacher()) {
            result = Distillation.distill(teacher, PromptEmbedder.DIMENSIONS);
        }
        result.embedder().write(out);
        spec.commandLine().getOut().printf("Wrote %s: %d dimensions keeping %.1f%% of the variance, %.1f MB (distilled in %.1f s)%n",
                out, result.embedder().dimensions(), 100 * result.varianceKept(), Files.size(out) / 1e6, (System.nanoTime() - started) / 1e9);
        return 0;
    }
}
