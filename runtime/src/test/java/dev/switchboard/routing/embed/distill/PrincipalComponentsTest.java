package dev.switchboard.routing.embed.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrincipalComponentsTest {

    @Test
    void theFirstComponentIsTheDirectionOfLargestSpread() {
        // Points spread widely along (1, 1, 0)/√2, a little along z, around the centre (5, -3, 2).
        Random random = new Random(7);
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            double t = 10 * random.nextGaussian();
            double z = 0.5 * random.nextGaussian();
            rows.add(new float[] {(float) (5 + t / Math.sqrt(2)), (float) (-3 + t / Math.sqrt(2)), (float) (2 + z)});
        }

        PrincipalComponents pca = PrincipalComponents.of(rows, 1);

        float centre = pca.project(new float[] {5, -3, 2})[0];
        float along = pca.project(new float[] {5 + 1, -3 + 1, 2})[0] - centre;
        float across = pca.project(new float[] {5 + 1, -3 - 1, 2})[0] - centre;
        assertThat(Math.abs(along)).isCloseTo((float) Math.sqrt(2), within(0.01f));
        assertThat(across).isCloseTo(0f, within(0.01f));
        assertThat(centre).as("centred on the rows' mean, about the centre").isCloseTo(0f, within(1.5f));
        assertThat(pca.varianceKept()).isGreaterThan(0.99);
    }

    @Test
    void allComponentsKeepAllTheVarianceAndDistances() {
        Random random = new Random(11);
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(new float[] {(float) random.nextGaussian(), (float) (3 * random.nextGaussian()), (float) random.nextGaussian(),
                    (float) (0.2 * random.nextGaussian())});
        }

        PrincipalComponents pca = PrincipalComponents.of(rows, 4);

        assertThat(pca.varianceKept()).isCloseTo(1.0, within(1e-9));
        float[] a = pca.project(rows.get(0));
        float[] b = pca.project(rows.get(1));
        assertThat(distance(a, b)).isCloseTo(distance(rows.get(0), rows.get(1)), within(1e-4));
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(sum);
    }
}
