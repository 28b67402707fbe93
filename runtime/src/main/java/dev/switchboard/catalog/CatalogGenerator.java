package dev.switchboard.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.switchboard.catalog.CatalogEntry.Mode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the bundled model catalog ({@code runtime/src/main/resources/catalog/models.json}) from
 * the public LiteLLM price list, with benchmark indexes from OpenRouter's model listing, and the
 * review page {@code findings.md} listing every upstream value that was not shipped.
 *
 * <p>Run it through {@code switchboard catalog generate --litellm F --openrouter F --out F}; the
 * checked-in files must be exactly what this produces, which a test enforces. Output is
 * deterministic: models sorted by id, one per line, findings sorted by id, field and rule.
 *
 * <p>Pipeline: {@link LiteLlmSource} selects and names the models and merges duplicate keys, each
 * candidate is matched against {@link OpenRouterIndex}, {@link PriceRules} validates it (nulling
 * or dropping what it cannot trust) and the survivors become {@link CatalogEntry} records.
 */
public final class CatalogGenerator {

    /** Exact decimals: LiteLLM prices such as 2.5e-06 must not pass through a double. */
    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private static final Comparator<Finding> FINDING_ORDER = Comparator.comparing(Finding::id)
            .thenComparing(Finding::field).thenComparing(Finding::rule);

    /**
     * The outcome of one generation.
     *
     * @param entries          the catalog, sorted by id
     * @param findings         what was nulled or dropped, sorted by id, field and rule
     * @param catalogJson      the text of {@code models.json}
     * @param findingsMarkdown the text of {@code findings.md}
     */
    public record Report(List<CatalogEntry> entries, List<Finding> findings, String catalogJson,
                         String findingsMarkdown) {

        public Report {
            entries = List.copyOf(entries);
            findings = List.copyOf(findings);
            Objects.requireNonNull(catalogJson, "catalogJson");
            Objects.requireNonNull(findingsMarkdown, "findingsMarkdown");
        }

        /** Number of entries in the given mode. */
        public long count(Mode mode) {
            return entries.stream().filter(entry -> entry.mode() == mode).count();
        }

        /** Number of distinct providers with at least one entry in the given mode. */
        public long providerCount(Mode mode) {
            return entries.stream().filter(entry -> entry.mode() == mode).map(CatalogEntry::provider).distinct().count();
        }

        /** One line for a CLI to print, e.g. "802 chat models from 18 providers, 17 embedding models, 85 findings". */
        public String summary() {
            return count(Mode.CHAT) + " chat models from " + providerCount(Mode.CHAT) + " providers, "
                    + count(Mode.EMBEDDING) + " embedding models, " + findings.size() + " findings";
        }
    }

    private CatalogGenerator() {
    }

    /**
     * Generates the catalog from the two source files. Nothing is written; see {@link #write}.
     *
     * @param litellmJson    LiteLLM's {@code model_prices_and_context_window.json} snapshot
     * @param openrouterJson OpenRouter's {@code /api/v1/models} response snapshot
     * @throws IOException if a file cannot be read or is not JSON
     */
    public static Report generate(Path litellmJson, Path openrouterJson) throws IOException {
        return generate(litellmJson.getFileName().toString(), Files.readString(litellmJson),
                openrouterJson.getFileName().toString(), Files.readString(openrouterJson));
    }

    /**
     * Writes {@code models.json} to {@code catalogFile} and {@code findings.md} next to it, creating
     * the directory if needed.
     *
     * @return the findings file written
     */
    public static Path write(Report report, Path catalogFile) throws IOException {
        Path findingsFile = catalogFile.toAbsolutePath().resolveSibling("findings.md");
        Files.createDirectories(findingsFile.getParent());
        Files.writeString(catalogFile, report.catalogJson(), StandardCharsets.UTF_8);
        Files.writeString(findingsFile, report.findingsMarkdown(), StandardCharsets.UTF_8);
        return findingsFile;
    }

    /** Same as {@link #generate(Path, Path)} from in-memory JSON; the names are recorded as sources. */
    static Report generate(String litellmName, String litellmJson, String openrouterName, String openrouterJson)
            throws IOException {
        LiteLlmSource.Parsed parsed = LiteLlmSource.read(READER.readTree(litellmJson));
        OpenRouterIndex openRouter = OpenRouterIndex.read(READER.readTree(openrouterJson));

        List<Finding> findings = new ArrayList<>(parsed.findings());
        List<CatalogEntry> entries = new ArrayList<>();
        for (UpstreamModel candidate : parsed.models()) {
            Optional<OpenRouterIndex.Match> match = openRouter.match(candidate.provider(), candidate.model());
            PriceRules.check(candidate, match, findings).ifPresent(checked -> entries.add(new CatalogEntry(
                    checked.id(), checked.provider(), checked.model(), checked.mode(), checked.contextWindow(),
                    checked.maxOutputTokens(), checked.capabilities(), checked.pricing(),
                    match.map(m -> m.listing().benchmarks()).orElse(null))));
        }
        entries.sort(Comparator.comparing(CatalogEntry::id));
        findings.sort(FINDING_ORDER);
        return new Report(entries, findings, CatalogJson.write(litellmName, openrouterName, entries),
                FindingsTable.render(litellmName, openrouterName, findings));
    }
}
