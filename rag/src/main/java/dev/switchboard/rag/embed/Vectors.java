package dev.switchboard.rag.embed;

/** Small vector arithmetic the embedders share. */
public final class Vectors {
    private Vectors() {
    }

    /** Scales {@code v} to unit length in place (a zero vector stays zero) and returns it. */
    public static float[] normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        if (sum > 0) {
            float scale = (float) (1 / Math.sqrt(sum));
            for (int i = 0; i < v.length; i++) {
                v[i] *= scale;
            }
        }
        return v;
    }
}
