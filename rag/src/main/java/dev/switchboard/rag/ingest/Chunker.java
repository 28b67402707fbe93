package dev.switchboard.rag.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Structure-aware chunking by tokens with overlap.
 *
 * <p>Blocks under the same heading and on the same page are laid end to end and cut into windows
 * of at most {@code maxTokens} tokens; a heading or a page always starts a new chunk. A window that
 * does not reach its section's end is cut at the last paragraph end in its second half, else at
 * the last sentence end there, else at the token limit; the next window then starts
 * {@code overlapTokens} tokens back, unless the cut fell between paragraphs. A token is a run of
 * letters and digits or one other visible character: about what BERT's tokenizer sees before it
 * splits words into pieces, so a 256-token chunk stays under BGE's 512-piece window for English.
 */
public final class Chunker {
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}_]+|[^\\s\\p{L}\\p{N}_]");

    private final int maxTokens;
    private final int overlapTokens;

    public Chunker(int maxTokens, int overlapTokens) {
        if (maxTokens < 1 || overlapTokens < 0 || overlapTokens >= maxTokens) {
            throw new IllegalArgumentException("chunk of " + maxTokens + " tokens with overlap " + overlapTokens);
        }
        this.maxTokens = maxTokens;
        this.overlapTokens = overlapTokens;
    }

    /** Counts tokens as chunking does. */
    public static int tokens(String text) {
        Matcher m = TOKEN.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    public List<Chunk> chunk(ParsedDocument document) {
        List<Chunk> chunks = new ArrayList<>();
        List<Block> blocks = document.blocks();
        int i = 0;
        while (i < blocks.size()) {
            int j = i + 1;
            while (j < blocks.size() && blocks.get(j - 1).joins(blocks.get(j))) {
                j++;
            }
            section(document.text(), blocks.subList(i, j), chunks);
            i = j;
        }
        return chunks;
    }

    /** Cuts one section (blocks under one heading, on one page) into windows. */
    private void section(String text, List<Block> blocks, List<Chunk> out) {
        List<int[]> tokens = new ArrayList<>();      // [start, end) of each token
        List<Boolean> paragraphEnd = new ArrayList<>();
        for (Block block : blocks) {
            Matcher m = TOKEN.matcher(text).region(block.start(), block.end());
            int before = tokens.size();
            while (m.find()) {
                tokens.add(new int[] {m.start(), m.end()});
                paragraphEnd.add(false);
            }
            if (tokens.size() > before) {
                paragraphEnd.set(tokens.size() - 1, true);
            }
        }
        Block first = blocks.get(0);
        int n = tokens.size();
        int start = 0;
        while (start < n) {
            int limit = Math.min(n, start + maxTokens);
            int cut = limit;
            boolean atParagraph = limit == n || paragraphEnd.get(limit - 1);
            if (limit < n && !atParagraph) {
                int paragraph = lastWhere(start + maxTokens / 2, limit, k -> paragraphEnd.get(k));
                int sentence = lastWhere(start + maxTokens / 2, limit, k -> sentenceEnd(text, tokens.get(k)));
                if (paragraph > 0) {
                    cut = paragraph;
                    atParagraph = true;
                } else if (sentence > 0) {
                    cut = sentence;
                }
            }
            int from = tokens.get(start)[0];
            int to = tokens.get(cut - 1)[1];
            out.add(new Chunk(out.size(), from, to, text.substring(from, to), first.heading(), first.page()));
            if (cut >= n) {
                break;
            }
            start = atParagraph ? cut : Math.max(start + 1, cut - overlapTokens);
        }
    }

    /** The largest {@code k + 1} with {@code from <= k < to} where the test holds, or 0. */
    private static int lastWhere(int from, int to, java.util.function.IntPredicate test) {
        for (int k = to - 1; k >= from; k--) {
            if (test.test(k)) {
                return k + 1;
            }
        }
        return 0;
    }

    private static boolean sentenceEnd(String text, int[] token) {
        char c = text.charAt(token[0]);
        return token[1] - token[0] == 1 && (c == '.' || c == '?' || c == '!');
    }
}
