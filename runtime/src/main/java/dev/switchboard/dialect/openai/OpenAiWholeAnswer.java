package dev.switchboard.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.catalog.Pricing;
import dev.switchboard.dialect.WholeAnswer;
import dev.switchboard.dialect.openai.OpenAiUsage;
import dev.switchboard.error.GatewayException;
import dev.switchboard.relay.Bytes;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Reads a complete (non-streamed) OpenAI-format answer: checks it is JSON, prices its usage, adds
 * the cost to the usage object, and notes a content-filter refusal, so the failover loop can
 * still drop it before anything reaches the client.
 */
public final class OpenAiWholeAnswer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] CONTENT_FILTER = "\"content_filter\"".getBytes(StandardCharsets.US_ASCII);

    private OpenAiWholeAnswer() {
    }

    /** @throws GatewayException.UpstreamUnavailable when the answer is not a JSON object */
    public static WholeAnswer read(byte[] body, Pricing pricing) {
        OpenAiUsage.Found found = OpenAiUsage.scan(body);
        if (found == OpenAiUsage.Found.NOT_JSON) {
            throw new GatewayException.UpstreamUnavailable("The upstream's answer is not JSON.");
        }
        BigDecimal cost = null;
        if (found.usage() != null) {
            cost = pricing.costOf(found.usage()).orElse(null);
            if (cost != null) {
                body = OpenAiUsage.withCost(body, found, cost);
            }
        }
        return new WholeAnswer(body, found.usage(), cost, contentFiltered(body));
    }

    /** True when a choice ended with {@code finish_reason: content_filter}; parses only answers that mention it. */
    private static boolean contentFiltered(byte[] body) {
        if (!Bytes.contains(body, CONTENT_FILTER)) {
            return false;
        }
        try {
            for (JsonNode choice : JSON.readTree(body).path("choices")) {
                if ("content_filter".equals(choice.path("finish_reason").asText())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
