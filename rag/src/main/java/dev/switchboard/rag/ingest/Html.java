package dev.switchboard.rag.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * HTML through jsoup: the visible text of {@code <body>}, one block per block-level element
 * (paragraph, list item, cell, ...), each under the nearest {@code <h1>}–{@code <h6>}; scripts,
 * styles and navigation are left out. The title is {@code <title>}, else the first heading. Offsets
 * are into the extracted text, whose blocks are separated by blank lines.
 */
final class Html {
    private static final Set<String> HEADINGS = Set.of("h1", "h2", "h3", "h4", "h5", "h6");
    private static final Set<String> BLOCKS = Set.of("p", "div", "li", "pre", "blockquote", "td", "th", "dd", "dt", "section",
            "article", "figcaption", "caption", "tr", "br", "table", "ul", "ol", "header", "footer", "main", "aside");
    private static final Set<String> SKIPPED = Set.of("script", "style", "noscript", "template", "nav", "head");

    private Html() {
    }

    static List<ParsedDocument> parse(SourceFile file) {
        Document html = Jsoup.parse(PlainText.Text.decode(file.bytes()));
        Extraction extraction = new Extraction();
        html.body().traverse(extraction);
        extraction.endBlock();
        String title = html.title().isBlank() ? extraction.firstHeading : html.title().strip();
        return List.of(new ParsedDocument(file.id(), file.name(), title == null ? Parsers.baseName(file.name()) : title,
                extraction.text.toString(), extraction.blocks, file.attributes()));
    }

    /** Walks the tree once, appending text and closing a block at each block-level boundary. */
    private static final class Extraction implements NodeVisitor {
        final StringBuilder text = new StringBuilder();
        final List<Block> blocks = new ArrayList<>();
        String heading;
        String firstHeading;
        int blockStart;
        int skipping;
        StringBuilder headingText;

        @Override
        public void head(Node node, int depth) {
            if (node instanceof Element element) {
                String tag = element.normalName();
                if (SKIPPED.contains(tag)) {
                    skipping++;
                } else if (HEADINGS.contains(tag)) {
                    endBlock();
                    headingText = new StringBuilder();
                } else if (BLOCKS.contains(tag)) {
                    endBlock();
                }
            } else if (node instanceof TextNode textNode && skipping == 0) {
                String words = textNode.text();
                if (headingText != null) {
                    headingText.append(words);
                }
                if (!words.isBlank()) {
                    text.append(words);
                }
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (node instanceof Element element) {
                String tag = element.normalName();
                if (SKIPPED.contains(tag)) {
                    skipping--;
                } else if (HEADINGS.contains(tag)) {
                    // The heading's own text is a block under itself, so a search for it finds its section.
                    String name = headingText == null ? "" : headingText.toString().strip().replaceAll("\\s+", " ");
                    headingText = null;
                    if (!name.isEmpty()) {
                        heading = name;
                        if (firstHeading == null) {
                            firstHeading = name;
                        }
                    }
                    endBlock();
                } else if (BLOCKS.contains(tag)) {
                    endBlock();
                }
            }
        }

        /** Closes the block being written, if it has text, and starts the next after a blank line. */
        void endBlock() {
            int start = blockStart;
            int end = text.length();
            while (start < end && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
            while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
                end--;
            }
            if (end > start) {
                blocks.add(new Block(start, end, heading, null));
                text.setLength(end);
                text.append("\n\n");
            }
            blockStart = text.length();
        }
    }
}
