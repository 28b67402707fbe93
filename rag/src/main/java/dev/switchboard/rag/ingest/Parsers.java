package dev.switchboard.rag.ingest;

import dev.switchboard.rag.RagException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Picks a file's parser by its extension and runs it. The supported types are plain text, Markdown,
 * HTML, PDF and JSONL (one document per line); anything else is refused naming them.
 */
public final class Parsers {
    /** The extensions ingestion reads, as named in refusals. */
    public static final List<String> SUPPORTED = List.of(".txt", ".text", ".md", ".markdown", ".html", ".htm", ".pdf", ".jsonl");

    private static final Map<String, Parser> BY_EXTENSION = Map.of(
            "txt", PlainText::parse, "text", PlainText::parse,
            "md", Markdown::parse, "markdown", Markdown::parse,
            "html", Html::parse, "htm", Html::parse,
            "pdf", Pdf::parse,
            "jsonl", JsonLines::parse);

    private Parsers() {
    }

    /** One file type's parser. */
    @FunctionalInterface
    interface Parser {
        List<ParsedDocument> parse(SourceFile file);
    }

    /** Whether a file of this name would be parsed: for walking a folder. */
    public static boolean supports(String fileName) {
        return BY_EXTENSION.containsKey(extension(fileName));
    }

    /**
     * @return the documents the file holds: one, or one per JSONL line
     * @throws RagException {@code UNSUPPORTED_TYPE} for an extension no parser reads; {@code INVALID} for a
     *                      file its parser cannot read (a corrupt PDF, a JSONL line that is not an object)
     */
    public static List<ParsedDocument> parse(SourceFile file) {
        Parser parser = BY_EXTENSION.get(extension(file.name()));
        if (parser == null) {
            throw new RagException(RagException.Kind.UNSUPPORTED_TYPE, "Unsupported file type for '" + file.name()
                    + "'. Supported types: " + String.join(", ", SUPPORTED) + ".", "file");
        }
        return parser.parse(file);
    }

    static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The file name without its folders and extension: the title of a file that names none. */
    static String baseName(String fileName) {
        String name = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
