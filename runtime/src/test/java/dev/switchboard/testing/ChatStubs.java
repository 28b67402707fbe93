package dev.switchboard.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * Canned chat answers for the governance tests: an OpenAI-compatible and an Anthropic upstream
 * that answer with a given text, whole or streamed (split over two deltas), with fixed token
 * counts, and a gateway config pricing both at round numbers so costs can be checked exactly.
 */
public final class ChatStubs {
    /** What the OpenAI stub reports: 11 prompt and 7 completion tokens, at $1 and $2 per million = $0.000025. */
    public static final long OPENAI_INPUT = 11;
    public static final long OPENAI_OUTPUT = 7;
    public static final long OPENAI_COST_NANOS = 25_000;
    /** What the Anthropic stub reports: 13 input and 5 output tokens, at $3 and $15 per million = $0.000114. */
    public static final long ANTHROPIC_INPUT = 13;
    public static final long ANTHROPIC_OUTPUT = 5;
    public static final long ANTHROPIC_COST_NANOS = 114_000;

    private ChatStubs() {
    }

    /**
     * A gateway config with {@code openai} as provider {@code oai} serving model {@code gpt-test}
     * and {@code anthropic} as provider {@code ant} serving {@code claude-test}, both priced.
     */
    public static String config(FakeVendor openai, FakeVendor anthropic, String apiKey) {
        return "providers:\n" + openai.providerYaml("oai", apiKey) + anthropic.providerYaml("ant", apiKey) + """
                models:
                  gpt-test:
                    deployments: [{provider: oai, model: gpt-test}]
                  claude-test:
                    deployments: [{provider: ant, model: claude-test}]
                catalog:
                  - {id: oai/gpt-test, provider: oai, model: gpt-test, mode: chat, pricing: {input: "1", output: "2"}}
                  - {id: ant/claude-test, provider: ant, model: claude-test, mode: chat, pricing: {input: "3", output: "15"}}
                """;
    }

    /** Answers OpenAI chat completions with {@code text}, as JSON or as an event stream. */
    public static void openAi(FakeVendor vendor, String text) {
        String json = """
                {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-test","choices":[{"index":0,\
                "message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],\
                "usage":{"prompt_tokens":11,"completion_tokens":7,"total_tokens":18}}""".formatted(text);
        int half = text.length() / 2;
        String chunk = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-test\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},\"finish_reason\":null}]}\n\n";
        String sse = chunk.formatted(text.substring(0, half)) + chunk.formatted(text.substring(half))
                + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-test\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7,\"total_tokens\":18}}\n\n"
                + "data: [DONE]\n\n";
        vendor.server().stubFor(post(urlPathEqualTo("/v1/chat/completions")).atPriority(5).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody(json)));
        vendor.server().stubFor(post(urlPathEqualTo("/v1/chat/completions")).withRequestBody(containing("\"stream\":true"))
                .atPriority(1).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(sse)));
    }

    /** Answers Anthropic messages with {@code text}, as JSON or as an event stream. */
    public static void anthropic(FakeVendor vendor, String text) {
        String json = """
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-test","content":[{"type":"text","text":"%s"}],\
                "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":13,"output_tokens":5}}""".formatted(text);
        int half = text.length() / 2;
        String delta = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"%s\"}}\n\n";
        String sse = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":13,\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                + delta.formatted(text.substring(0, half)) + delta.formatted(text.substring(half))
                + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                + "\"usage\":{\"output_tokens\":5}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        vendor.server().stubFor(post(urlPathEqualTo("/v1/messages")).atPriority(5).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody(json)));
        vendor.server().stubFor(post(urlPathEqualTo("/v1/messages")).withRequestBody(containing("\"stream\":true"))
                .atPriority(1).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(sse)));
    }

    /** An OpenAI chat request for {@code gpt-test} saying {@code prompt}. */
    public static String openAiRequest(String prompt, boolean stream) {
        return "{\"model\":\"gpt-test\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
    }

    /** An Anthropic messages request for {@code claude-test} saying {@code prompt}. */
    public static String anthropicRequest(String prompt, boolean stream) {
        return "{\"model\":\"claude-test\",\"max_tokens\":100,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
    }
}
