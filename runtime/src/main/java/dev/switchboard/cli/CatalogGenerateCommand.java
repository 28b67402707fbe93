package dev.switchboard.cli;

import dev.switchboard.catalog.CatalogGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code switchboard catalog generate}: rebuilds the bundled catalog from the public price data. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Regenerate the model catalog from LiteLLM's price list and OpenRouter's model listing.",
                "Suspicious prices are not shipped: each is listed in findings.md next to the catalog, with the action taken."})
final class CatalogGenerateCommand implements Callable<Integer> {

    @Option(names = "--litellm", paramLabel = "FILE", required = true,
            description = "LiteLLM model_prices_and_context_window.json snapshot.")
    Path litellm;

    @Option(names = "--openrouter", paramLabel = "FILE", required = true,
            description = "OpenRouter /api/v1/models snapshot (benchmark indexes).")
    Path openrouter;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "runtime/src/main/resources/catalog/models.json",
            description = "Catalog file to write; findings.md is written beside it (default: ${DEFAULT-VALUE}).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CatalogGenerator.Report report = CatalogGenerator.generate(litellm, openrouter);
        Path findings = CatalogGenerator.write(report, out);
        spec.commandLine().getOut().println("Wrote " + out + " (" + report.summary() + ")");
        spec.commandLine().getOut().println("Findings (prices not shipped as-is): " + findings);
        return 0;
    }
}
