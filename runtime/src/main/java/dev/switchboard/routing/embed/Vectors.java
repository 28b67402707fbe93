package dev.switchboard.routing.embed;

/** The vector arithmetic routing needs, on plain float arrays. */
public final class Vectors {
    private Vectors() {
    }

    /** A copy of {@code v} scaled to length 1 (the zero vector stays zero). */
    public static float[] normalised(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float[] out = v.clone();
        if (norm == 0) {
            return out;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < out.length; i++) {
            out[i] *= scale;
        }
        return out;
    }

    /** The dot product; the cosine similarity of two unit vectors. */
    public static float dot(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
