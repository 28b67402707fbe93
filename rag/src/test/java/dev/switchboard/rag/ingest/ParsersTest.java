package dev.switchboard.rag.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.rag.RagException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

class ParsersTest {

    private static SourceFile file(String name, String content) {
        return new SourceFile(name, name, content.getBytes(StandardCharsets.UTF_8), Map.of("team", "docs"));
    }

    /** A PDF with one line of text per page, made with PDFBox. */
    static byte[] pdf(String title, String... pages) throws IOException {
        try (PDDocument pdf = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            pdf.getDocumentInformation().setTitle(title);
            for (String text : pages) {
                PDPage page = new PDPage();
                pdf.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    content.newLineAtOffset(72, 700);
                    content.showText(text);
                    content.endText();
                }
            }
            pdf.save(out);
            return out.toByteArray();
        }
    }

    @Test
    void markdownTakesItsTitleFromTheFirstHeadingAndIgnoresHashesInCode() {
        ParsedDocument doc = Parsers.parse(file("guide.md", "# Guide\n\nIntro.\n\n```\n# not a heading\n```\n\n## Next\n\nMore.\n")).get(0);
        assertThat(doc.title()).isEqualTo("Guide");
        assertThat(doc.blocks()).extracting(Block::heading).containsExactly("Guide", "Guide", "Next");
        assertThat(doc.attributes()).containsEntry("team", "docs");
    }

    @Test
    void htmlKeepsVisibleTextByBlockUnderItsHeadingsAndDropsScripts() {
        ParsedDocument doc = Parsers.parse(file("page.html", "<html><head><title>Runbook</title><script>var x = 'secret';</script></head>"
                + "<body><nav>Home | About</nav><h1>Restart</h1><p>Drain the <b>node</b> first.</p><ul><li>Step one</li><li>Step two</li></ul>"
                + "</body></html>")).get(0);
        assertThat(doc.title()).isEqualTo("Runbook");
        assertThat(doc.text()).contains("Drain the node first.").contains("Step two").doesNotContain("secret").doesNotContain("Home | About");
        assertThat(doc.blocks()).extracting(b -> doc.text().substring(b.start(), b.end()))
                .containsExactly("Restart", "Drain the node first.", "Step one", "Step two");
        assertThat(doc.blocks()).extracting(Block::heading).containsOnly("Restart");
    }

    @Test
    void pdfTextIsReadPageByPageWithItsPageNumbers() throws IOException {
        ParsedDocument doc = Parsers.parse(new SourceFile("r", "report.pdf", pdf("Annual report", "Revenue grew.", "Costs fell."), Map.of()))
                .get(0);
        assertThat(doc.title()).isEqualTo("Annual report");
        assertThat(doc.blocks()).extracting(Block::page).containsExactly(1, 2);
        assertThat(doc.blocks()).extracting(b -> doc.text().substring(b.start(), b.end())).containsExactly("Revenue grew.", "Costs fell.");
        assertThat(doc.attributes()).containsEntry("pages", "2");
    }

    @Test
    void aCorruptPdfIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Parsers.parse(new SourceFile("x", "broken.pdf", "%PDF-1.7 garbage".getBytes(StandardCharsets.UTF_8), Map.of())))
                .isInstanceOfSatisfying(RagException.class, e -> assertThat(e.kind()).isEqualTo(RagException.Kind.INVALID))
                .hasMessageContaining("'broken.pdf' is not a readable PDF");
    }

    @Test
    void anUnsupportedTypeIsRefusedNamingTheSupportedOnes() {
        assertThatThrownBy(() -> Parsers.parse(file("slides.pptx", "x")))
                .isInstanceOfSatisfying(RagException.class, e -> assertThat(e.kind()).isEqualTo(RagException.Kind.UNSUPPORTED_TYPE))
                .hasMessageContaining(".md").hasMessageContaining(".pdf").hasMessageContaining(".jsonl");
    }

    @Test
    void jsonLinesGiveOneDocumentPerRecordWithItsIdTitleAndMetadata() {
        List<ParsedDocument> docs = Parsers.parse(file("corpus.jsonl",
                "{\"_id\":\"a1\",\"title\":\"T\",\"text\":\"Alpha.\",\"year\":2020,\"metadata\":{\"lang\":\"en\"}}\n\n{\"text\":\"Beta.\"}\n"));
        assertThat(docs).extracting(ParsedDocument::id).containsExactly("a1", "corpus.jsonl#3");
        assertThat(docs.get(0).attributes()).containsEntry("year", "2020").containsEntry("lang", "en").doesNotContainKey("text");
    }

    @Test
    void aJsonLineThatIsNotAnObjectFailsTheFileNamingTheLine() {
        assertThatThrownBy(() -> Parsers.parse(file("bad.jsonl", "{\"text\":\"ok\"}\n[1,2]\n")))
                .isInstanceOf(RagException.class).hasMessageContaining("line 2");
    }
}
