package dev.switchboard.rag.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkerTest {

    private static ParsedDocument markdown(String text) {
        return Markdown.parse(new SourceFile("doc", "doc.md", text.getBytes(StandardCharsets.UTF_8), Map.of())).get(0);
    }

    @Test
    void everyChunkIsExactlyTheDocumentTextBetweenItsOffsets() {
        String body = "# Setup\n\nInstall the JDK. Then run the launcher.\n\n# Usage\n\n" + "word ".repeat(300) + "\n";
        ParsedDocument doc = markdown(body);
        List<Chunk> chunks = new Chunker(64, 8).chunk(doc);
        assertThat(chunks).hasSizeGreaterThan(3);
        for (Chunk chunk : chunks) {
            assertThat(chunk.text()).isEqualTo(body.substring(chunk.start(), chunk.end()));
            assertThat(Chunker.tokens(chunk.text())).isLessThanOrEqualTo(64);
        }
    }

    @Test
    void aHeadingAlwaysStartsANewChunkAndNamesIt() {
        ParsedDocument doc = markdown("# Install\n\nShort.\n\n## Configure\n\nAlso short.\n");
        List<Chunk> chunks = new Chunker(256, 32).chunk(doc);
        assertThat(chunks).extracting(Chunk::heading).containsExactly("Install", "Configure");
        assertThat(chunks).extracting(Chunk::text).containsExactly("Short.", "Also short.");
    }

    @Test
    void paragraphsUnderOneHeadingShareAChunkWhenTheyFit() {
        ParsedDocument doc = markdown("# A\n\nFirst paragraph.\n\nSecond paragraph.\n");
        List<Chunk> chunks = new Chunker(256, 32).chunk(doc);
        assertThat(chunks).singleElement().satisfies(c -> assertThat(c.text()).isEqualTo("First paragraph.\n\nSecond paragraph."));
    }

    @Test
    void aLongParagraphIsCutAtSentenceEndsWithOverlap() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            text.append("Sentence number ").append(i).append(" says something. ");
        }
        ParsedDocument doc = ParsedDocument.plain("d", "d.txt", null, text.toString().strip(), Map.of());
        List<Chunk> chunks = new Chunker(50, 10).chunk(doc);
        assertThat(chunks).hasSizeGreaterThan(3);
        for (int i = 0; i < chunks.size() - 1; i++) {
            assertThat(chunks.get(i).text()).endsWith(".");
            // The next chunk starts inside this one: the overlap.
            assertThat(chunks.get(i + 1).start()).isLessThan(chunks.get(i).end());
        }
        assertThat(chunks.get(chunks.size() - 1).end()).isEqualTo(doc.text().length());
    }

    @Test
    void pdfPagesNeverShareAChunk() {
        ParsedDocument doc = new ParsedDocument("p", "p.pdf", "t", "one two\n\nthree four",
                List.of(new Block(0, 7, null, 1), new Block(9, 19, null, 2)), Map.of());
        assertThat(new Chunker(256, 0).chunk(doc)).extracting(Chunk::page).containsExactly(1, 2);
    }
}
