package dev.switchboard.rag.ingest;

import dev.switchboard.rag.RagException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * PDF through PDFBox: each page's text in reading order, its paragraphs as blocks marked with the
 * page number, so a chunk never spans two pages and every hit says its page. The title is the
 * document's own, else the file name. A file PDFBox cannot open fails with the reason; an
 * encrypted one too (no password is tried).
 */
final class Pdf {
    private Pdf() {
    }

    static List<ParsedDocument> parse(SourceFile file) {
        try (PDDocument pdf = Loader.loadPDF(file.bytes())) {
            if (pdf.isEncrypted()) {
                throw RagException.invalid("file", "'" + file.name() + "' is an encrypted PDF; only unencrypted PDFs can be indexed.");
            }
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            StringBuilder text = new StringBuilder();
            List<Block> blocks = new ArrayList<>();
            int pages = pdf.getNumberOfPages();
            for (int page = 1; page <= pages; page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                String pageText = stripper.getText(pdf).replace("\r\n", "\n");
                int from = text.length();
                text.append(pageText);
                Paragraphs.split(text.toString(), from, text.length(), null, page, blocks);
                text.append("\n\n");
            }
            String title = pdf.getDocumentInformation() == null ? null : pdf.getDocumentInformation().getTitle();
            Map<String, String> attributes = new HashMap<>(file.attributes());
            attributes.putIfAbsent("pages", Integer.toString(pages));
            return List.of(new ParsedDocument(file.id(), file.name(), title == null || title.isBlank() ? Parsers.baseName(file.name()) : title.strip(),
                    text.toString(), blocks, attributes));
        } catch (IOException e) {
            throw RagException.invalid("file", "'" + file.name() + "' is not a readable PDF: " + e.getMessage());
        }
    }
}
