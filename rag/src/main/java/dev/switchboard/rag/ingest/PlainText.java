package dev.switchboard.rag.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Plain text: paragraphs at blank lines, titled by the file's name. */
final class PlainText {
    private PlainText() {
    }

    static List<ParsedDocument> parse(SourceFile file) {
        String text = Text.decode(file.bytes());
        List<Block> blocks = new ArrayList<>();
        Paragraphs.split(text, 0, text.length(), null, null, blocks);
        return List.of(new ParsedDocument(file.id(), file.name(), Parsers.baseName(file.name()), text, blocks, file.attributes()));
    }

    /** Text decoding shared by the text formats. */
    static final class Text {
        private Text() {
        }

        /** UTF-8 without a byte-order mark, with CR LF read as LF so offsets count one character per line break. */
        static String decode(byte[] bytes) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            return text.replace("\r\n", "\n");
        }
    }
}
