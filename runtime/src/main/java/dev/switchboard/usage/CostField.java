package dev.switchboard.usage;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code cost_usd} field the gateway adds to a usage object in every dialect, as a plain
 * decimal (never an exponent, which some clients' JSON number parsers reject).
 */
public final class CostField {
    public static final String NAME = "cost_usd";

    private CostField() {
    }

    /**
     * A copy of {@code json} with the field inserted before the closing brace at {@code objectEnd}
     * of an object that is already there; the rest of the bytes are untouched.
     *
     * @param objectEmpty true when that object has no fields yet (so no comma goes before the cost)
     */
    public static byte[] insert(byte[] json, int objectEnd, boolean objectEmpty, BigDecimal cost) {
        byte[] field = ((objectEmpty ? "" : ",") + "\"" + NAME + "\":" + cost.toPlainString()).getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(json, json.length + field.length);
        System.arraycopy(field, 0, out, objectEnd, field.length);
        System.arraycopy(json, objectEnd, out, objectEnd + field.length, json.length - objectEnd);
        return out;
    }
}
