package dev.switchboard.routing.embed;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Embeds a prompt as the normalised mean of its WordPiece tokens' vectors, read from a table
 * distilled from BGE small v1.5 ({@code switchboard route distill}; resources/routing/README.md).
 * No model runs: a 2,000-token prompt costs its tokenization and 2,000 vector additions, a fraction
 * of a millisecond, so the whole prompt is embedded, not only its opening.
 *
 * <p>Implementation note. The table keeps each token's vector as bytes with one scale per token
 * (int8: a quarter of the floats' memory, and cosine similarities within about 1e-3 of the float
 * table's, far below the gaps between neighbours that matter). Word order is lost, which a
 * transformer would see; on the project's routing data that cost nothing measurable
 * (docs/routing-eval.md). Thread-safe: immutable after construction.
 *
 * <p>File format (gzip'd, big-endian {@link DataOutputStream}): magic {@code SBSE}, version 1, the
 * number of tokens and of dimensions, the tokens in id order ({@code writeUTF}), then per token its
 * scale (a float) and its vector as signed bytes; the vector is {@code scale × byte}.
 */
public final class StaticPromptEmbedder implements PromptEmbedder {
    /** Where the shipped table is on the class path. */
    public static final String BUNDLED = "/routing/static-embeddings.bin.gz";
    /**
     * Tokens embedded at most: a bound on the cost of a pathological prompt (8,192 tokens take about
     * a millisecond), far beyond what says what a prompt asks; prompts over 16,000 tokens are
     * long-context whatever they say.
     */
    public static final int MAX_TOKENS = 8_192;
    private static final int MAGIC = 0x53425345; // "SBSE"
    private static final int VERSION = 1;
    // What a prompt with no text is embedded as: a vector of unit length, like every other, near other empty-ish prompts.
    private static final String EMPTY = "(empty)";

    private final WordPieceTokenizer tokenizer;
    private final int dimensions;
    private final byte[] values;  // [token][dimension], row-major
    private final float[] scales; // [token]

    private StaticPromptEmbedder(List<String> vocabulary, int dimensions, byte[] values, float[] scales) {
        this.tokenizer = new WordPieceTokenizer(vocabulary);
        this.dimensions = dimensions;
        this.values = values;
        this.scales = scales;
    }

    /** An embedder over {@code vectors}, one per token of {@code vocabulary}, in id order; quantized as stored. */
    public static StaticPromptEmbedder of(List<String> vocabulary, float[][] vectors) {
        if (vocabulary.size() != vectors.length) {
            throw new IllegalArgumentException(vocabulary.size() + " tokens but " + vectors.length + " vectors");
        }
        int dims = vectors[0].length;
        byte[] values = new byte[vectors.length * dims];
        float[] scales = new float[vectors.length];
        for (int t = 0; t < vectors.length; t++) {
            float max = 0;
            for (float x : vectors[t]) {
                max = Math.max(max, Math.abs(x));
            }
            scales[t] = max / Byte.MAX_VALUE;
            for (int j = 0; j < dims; j++) {
                values[t * dims + j] = max == 0 ? 0 : (byte) Math.round(vectors[t][j] / scales[t]);
            }
        }
        return new StaticPromptEmbedder(vocabulary, dims, values, scales);
    }

    /** The table shipped in the jar, which the shipped reference set and the task classifier's examples are embedded with. */
    public static StaticPromptEmbedder loadBundled() {
        try (InputStream in = StaticPromptEmbedder.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("the bundled embedding table " + BUNDLED + " is missing from the class path");
            }
            StaticPromptEmbedder embedder = read(in);
            if (embedder.dimensions != DIMENSIONS) {
                throw new IllegalStateException(BUNDLED + " has " + embedder.dimensions + " dimensions, the router expects " + DIMENSIONS);
            }
            return embedder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled embedding table " + BUNDLED, e);
        }
    }

    /** Reads a table written by {@link #write}. */
    public static StaticPromptEmbedder read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw), 1 << 16));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a Switchboard embedding table");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("embedding table version " + version + ", this build reads " + VERSION);
        }
        int tokens = in.readInt();
        int dims = in.readInt();
        List<String> vocabulary = new ArrayList<>(tokens);
        for (int t = 0; t < tokens; t++) {
            vocabulary.add(in.readUTF());
        }
        byte[] values = new byte[tokens * dims];
        float[] scales = new float[tokens];
        for (int t = 0; t < tokens; t++) {
            scales[t] = in.readFloat();
            in.readFully(values, t * dims, dims);
        }
        return new StaticPromptEmbedder(vocabulary, dims, values, scales);
    }

    /** Writes the table to {@code file} in the format above. */
    public void write(Path file) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(raw), 1 << 16))) {
            List<String> vocabulary = tokenizer.vocabulary();
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(vocabulary.size());
            out.writeInt(dimensions);
            for (String token : vocabulary) {
                out.writeUTF(token);
            }
            for (int t = 0; t < vocabulary.size(); t++) {
                out.writeFloat(scales[t]);
                out.write(values, t * dimensions, dimensions);
            }
        }
    }

    /** The vectors' size. */
    public int dimensions() {
        return dimensions;
    }

    @Override
    public float[] embed(String prompt) {
        int[] ids = tokenizer.ids(prompt, MAX_TOKENS);
        if (ids.length == 0) {
            ids = tokenizer.ids(EMPTY);
        }
        float[] sum = new float[dimensions];
        for (int id : ids) {
            float scale = scales[id];
            int row = id * dimensions;
            for (int j = 0; j < dimensions; j++) {
                sum[j] += scale * values[row + j];
            }
        }
        return Vectors.normalised(sum);
    }
}
