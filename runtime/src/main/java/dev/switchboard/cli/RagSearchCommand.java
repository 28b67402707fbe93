package dev.switchboard.cli;

import dev.switchboard.rag.Collection;
import dev.switchboard.rag.Hit;
import dev.switchboard.rag.RagException;
import dev.switchboard.rag.RagStore;
import dev.switchboard.rag.SearchMode;
import dev.switchboard.rag.SearchRequest;
import dev.switchboard.rag.embed.Embedders;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code switchboard rag search}: searches a collection from the shell and prints the hits with their citations. */
@Command(name = "search", mixinStandardHelpOptions = true, description = "Search a collection and print the passages found, with citations.")
final class RagSearchCommand implements Callable<Integer> {
    @Option(names = "--collection", paramLabel = "NAME", required = true, description = "The collection's name (or id).")
    String collection;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "hybrid", description = "bm25, vector or hybrid (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--top-k", paramLabel = "N", defaultValue = "5", description = "How many passages (default: ${DEFAULT-VALUE}).")
    int topK;

    @Parameters(paramLabel = "QUERY", arity = "1..*", description = "What to search for.")
    List<String> query;

    @Mixin
    RagStoreOptions store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (RagStore rag = store.open()) {
            Collection c = rag.get(store.team, collection);
            List<Hit> hits = c.search(new SearchRequest(String.join(" ", query), SearchMode.parse("mode", mode), topK, Map.of(), null, false),
                    Embedders.localOnly());
            for (int i = 0; i < hits.size(); i++) {
                Hit h = hits.get(i);
                out.printf("[%d] %.4f  %s%s, characters %d-%d%n", i + 1, h.score(), h.source(), h.page() == null ? "" : ", page " + h.page(),
                        h.start(), h.end());
                out.println("    " + h.text().replace("\n", "\n    "));
            }
            if (hits.isEmpty()) {
                out.println("no passages found");
            }
            return 0;
        } catch (RagException e) {
            spec.commandLine().getErr().println("switchboard: " + e.getMessage());
            return 2;
        }
    }
}
