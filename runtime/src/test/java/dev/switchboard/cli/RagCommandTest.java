package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard rag index} and {@code rag search} as a user runs them on a folder. */
class RagCommandTest {
    @TempDir
    Path home;

    private Cli cli(String... args) {
        Cli cli = new Cli();
        cli.run(args);
        return cli;
    }

    @Test
    void indexingAFolderReportsFailuresReindexesOnlyChangesAndDropsDeletedFiles() throws Exception {
        Path docs = Files.createDirectories(home.resolve("docs"));
        Files.writeString(docs.resolve("deploy.md"), "# Deploying\n\n## Rolling back\n\nRedeploy the previous jar to roll back.\n");
        Files.writeString(docs.resolve("leave.md"), "# Holidays\n\nStaff get twenty-five days of paid leave.\n");
        Files.writeString(docs.resolve("scan.pdf"), "%PDF-1.7 not really");
        Files.writeString(docs.resolve("notes.docx"), "ignored: not a type ingestion reads");
        String data = home.resolve("data").toString();

        Cli first = new Cli();
        assertThat(first.run("rag", "index", "--collection", "handbook", "--data-dir", data, docs.toString())).isEqualTo(1);
        assertThat(first.err()).contains("created collection handbook").contains("indexing: 3/3 files");
        assertThat(first.out()).contains("2 files indexed").contains("1 failed").contains("scan.pdf").contains("not a readable PDF");

        Files.delete(docs.resolve("leave.md"));
        Files.delete(docs.resolve("scan.pdf"));
        Cli second = new Cli();
        assertThat(second.run("rag", "index", "--collection", "handbook", "--data-dir", data, docs.toString())).isZero();
        assertThat(second.out()).contains("0 files indexed").contains("1 unchanged").contains("1 removed").contains("1 documents");

        Cli search = cli("rag", "search", "--collection", "handbook", "--data-dir", data, "--mode", "bm25", "roll", "back");
        assertThat(search.out()).contains("deploy.md, characters").contains("Redeploy the previous jar");
        assertThat(cli("rag", "search", "--collection", "handbook", "--data-dir", data, "--mode", "bm25", "paid", "leave").out())
                .contains("no passages found");
    }

    @Test
    void anUnknownPathOrBadCollectionNameIsAnArgumentError() {
        String data = home.resolve("data").toString();
        Cli missing = new Cli();
        assertThat(missing.run("rag", "index", "--collection", "c", "--data-dir", data, home.resolve("nope").toString())).isEqualTo(2);
        assertThat(missing.err()).contains("no such file or folder");
        Cli badName = new Cli();
        assertThat(badName.run("rag", "index", "--collection", "../x", "--data-dir", data, home.toString())).isEqualTo(2);
        assertThat(badName.err()).contains("Invalid collection name");
    }

    @Test
    void evalOfBm25OnABeirFolderPrintsTheMetrics() throws Exception {
        Path beir = Files.createDirectories(home.resolve("beir/qrels"));
        Files.writeString(beir.resolve("../corpus.jsonl"), """
                {"_id":"d1","title":"Rollbacks","text":"Redeploy the previous jar to roll back."}
                {"_id":"d2","title":"Holidays","text":"Staff get paid leave."}
                """);
        Files.writeString(beir.resolve("../queries.jsonl"), "{\"_id\":\"q1\",\"text\":\"how to roll back\"}\n");
        Files.writeString(beir.resolve("test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\n");
        Cli eval = new Cli();
        assertThat(eval.run("rag", "eval", "--beir", home.resolve("beir").toString(), "--mode", "bm25")).isZero();
        assertThat(eval.out()).contains("beir (test split): 2 documents").containsPattern("bm25\\s+1\\.0000\\s+1\\.0000\\s+1\\.0000");
    }
}
