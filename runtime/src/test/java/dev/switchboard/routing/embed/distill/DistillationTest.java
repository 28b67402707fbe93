package dev.switchboard.routing.embed.distill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.routing.embed.StaticPromptEmbedder;
import dev.switchboard.routing.embed.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DistillationTest {
    /**
     * A teacher over a tiny vocabulary whose outputs put animals together and vehicles together,
     * in 5 dimensions; it records which ids it was asked about.
     */
    private static final class FakeTeacher implements Teacher {
        static final List<String> VOCABULARY = List.of("[PAD]", "[unused0]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
                "cat", "dog", "##s", "car", "truck", "(", ")", "empty");
        static final Map<String, float[]> OUTPUTS = Map.of(
                "[UNK]", new float[] {0, 0, 0, 0, 1},
                "cat", new float[] {1, 0.1f, 0, 0, 0.2f},
                "dog", new float[] {0.9f, 0.2f, 0, 0, 0.1f},
                "##s", new float[] {0.1f, 0.1f, 0.1f, 0.1f, 0.1f},
                "car", new float[] {0, 0, 1, 0.1f, 0.2f},
                "truck", new float[] {0, 0, 0.9f, 0.2f, 0.1f},
                "(", new float[] {0, 0, 0, 0.5f, 0.5f},
                ")", new float[] {0, 0, 0, 0.5f, 0.4f},
                "empty", new float[] {0.3f, 0, 0.3f, 1, 0});
        final List<Integer> asked = new ArrayList<>();

        @Override
        public List<String> vocabulary() {
            return VOCABULARY;
        }

        @Override
        public float[][] embedAlone(int[] ids) {
            float[][] out = new float[ids.length][];
            for (int i = 0; i < ids.length; i++) {
                asked.add(ids[i]);
                out[i] = OUTPUTS.get(VOCABULARY.get(ids[i])).clone();
            }
            return out;
        }
    }

    @Test
    void aDistilledTableKeepsTheTeachersNeighbours() {
        Distillation.Result result = Distillation.distill(new FakeTeacher(), 3);
        StaticPromptEmbedder embedder = result.embedder();

        assertThat(embedder.dimensions()).isEqualTo(3);
        assertThat(result.varianceKept()).isBetween(0.5, 1.0);
        float[] cats = embedder.embed("Cats");
        assertThat(Vectors.dot(cats, embedder.embed("dogs"))).isGreaterThan(Vectors.dot(cats, embedder.embed("trucks")));
        assertThat(Vectors.dot(embedder.embed("car"), embedder.embed("truck"))).isGreaterThan(Vectors.dot(embedder.embed("car"), cats));
    }

    @Test
    void theTeacherIsNotAskedAboutMarkerTokensTheTokenizerNeverProduces() {
        FakeTeacher teacher = new FakeTeacher();

        Distillation.distill(teacher, 2);

        assertThat(teacher.asked).extracting(FakeTeacher.VOCABULARY::get)
                .containsExactly("[UNK]", "cat", "dog", "##s", "car", "truck", "(", ")", "empty");
    }
}
