package dev.switchboard.routing.embed.distill;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Principal component analysis of a set of row vectors: the mean and the directions of largest
 * variance, to project rows onto the first {@code k} of them.
 *
 * <p>Implementation note. The covariance matrix (d × d, d a few hundred) is diagonalised by the
 * cyclic Jacobi method: exact to rounding, about thirty lines, and a few seconds for d = 384, which
 * a one-off build step can afford; a library would be a dependency for one call. Not thread-safe
 * while built; immutable after.
 */
final class PrincipalComponents {
    private static final int MAX_SWEEPS = 100;

    private final double[] mean;
    private final double[][] components; // [k][d], unit length, by decreasing variance
    private final double[] variances;    // all d eigenvalues, decreasing

    private PrincipalComponents(double[] mean, double[][] components, double[] variances) {
        this.mean = mean;
        this.components = components;
        this.variances = variances;
    }

    /** The first {@code k} principal components of {@code rows} (all of one length d, k ≤ d). */
    static PrincipalComponents of(List<float[]> rows, int k) {
        int d = rows.get(0).length;
        if (k < 1 || k > d) {
            throw new IllegalArgumentException("components must be from 1 to " + d + ", got " + k);
        }
        double[] mean = new double[d];
        for (float[] row : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows.size();
        }
        double[][] covariance = new double[d][d];
        double[] centred = new double[d];
        for (float[] row : rows) {
            for (int j = 0; j < d; j++) {
                centred[j] = row[j] - mean[j];
            }
            for (int i = 0; i < d; i++) {
                double ci = centred[i];
                double[] line = covariance[i];
                for (int j = i; j < d; j++) {
                    line[j] += ci * centred[j];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                covariance[i][j] /= rows.size();
                covariance[j][i] = covariance[i][j];
            }
        }
        double[][] vectors = diagonalise(covariance);
        Integer[] order = IntStream.range(0, d).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> covariance[i][i]).reversed());
        double[][] components = new double[k][d];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                components[c][j] = vectors[j][order[c]];
            }
        }
        double[] variances = Arrays.stream(order).mapToDouble(i -> covariance[i][i]).toArray();
        return new PrincipalComponents(mean, components, variances);
    }

    /** {@code row} centred and projected onto the components: k coordinates. */
    float[] project(float[] row) {
        float[] out = new float[components.length];
        for (int c = 0; c < components.length; c++) {
            double sum = 0;
            for (int j = 0; j < row.length; j++) {
                sum += (row[j] - mean[j]) * components[c][j];
            }
            out[c] = (float) sum;
        }
        return out;
    }

    /** The share of the rows' total variance the k components keep. */
    double varianceKept() {
        double total = Arrays.stream(variances).sum();
        return total == 0 ? 1 : Arrays.stream(variances, 0, components.length).sum() / total;
    }

    /**
     * Cyclic Jacobi: rotates pairs of coordinates until {@code a} is diagonal (its diagonal then
     * holds the eigenvalues, in place); returns the eigenvectors as the columns of the result.
     */
    private static double[][] diagonalise(double[][] a) {
        int n = a.length;
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        double scale = 0;
        for (double[] line : a) {
            for (double x : line) {
                scale += x * x;
            }
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off <= 1e-24 * scale) {
                return v;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] != 0) {
                        rotate(a, v, p, q);
                    }
                }
            }
        }
        throw new IllegalStateException("the covariance matrix did not converge in " + MAX_SWEEPS + " Jacobi sweeps");
    }

    /** One Jacobi rotation zeroing a[p][q] (Numerical Recipes' stable form of the angle). */
    private static void rotate(double[][] a, double[][] v, int p, int q) {
        double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        double t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int n = a.length;
        for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }
}
