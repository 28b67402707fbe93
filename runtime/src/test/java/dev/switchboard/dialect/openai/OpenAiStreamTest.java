package dev.switchboard.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEvent.Ended;
import dev.switchboard.chat.ChatEvent.Finished;
import dev.switchboard.chat.ChatEvent.Started;
import dev.switchboard.chat.ChatEvent.TextDelta;
import dev.switchboard.chat.ChatEvent.ThinkingDelta;
import dev.switchboard.chat.ChatEvent.ThinkingSignature;
import dev.switchboard.chat.ChatEvent.ToolArgumentsDelta;
import dev.switchboard.chat.ChatEvent.ToolCallStarted;
import dev.switchboard.chat.ChatEvent.Usage;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.StopReason;
import dev.switchboard.dialect.StreamDecoder;
import dev.switchboard.dialect.StreamEncoder;
import dev.switchboard.error.GatewayException;
import dev.switchboard.relay.SseEventReader;
import dev.switchboard.testing.OpenAiUpstream;
import dev.switchboard.usage.TokenUsage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiStreamTest {
    private static final OpenAiDialect DIALECT = new OpenAiDialect();
    private static final String ID = "chatcmpl-BAx5c9sL3KqR0pZ2tYwE7fH1mJdNo";
    private static final String MODEL = "gpt-4o-mini-2024-07-18";

    private static List<ChatEvent> decode(String sse) {
        StreamDecoder decoder = DIALECT.newStreamDecoder();
        SseEventReader reader = new SseEventReader(new ByteArrayInputStream(sse.getBytes(StandardCharsets.UTF_8)));
        List<ChatEvent> events = new ArrayList<>();
        try {
            for (SseEventReader.Event event = reader.next(); event != null; event = reader.next()) {
                events.addAll(decoder.decode(event));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    private static String encode(boolean includeUsage, BigDecimal cost, List<ChatEvent> events) {
        StreamEncoder encoder = DIALECT.newStreamEncoder(streamingRequest(includeUsage));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ChatEvent event : events) {
            encoder.encode(event, cost).forEach(out::writeBytes);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static ChatRequest streamingRequest(boolean includeUsage) {
        return DIALECT.decodeRequest(("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":" + includeUsage + "}}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_recorded_text_stream_decodes_to_deltas_then_finish_usage_and_end() {
        List<ChatEvent> events = decode(OpenAiUpstream.payload("chat-stream-text.sse"));

        assertThat(events).containsExactly(
                new Started(ID, MODEL, 1741891860),
                new TextDelta("The"), new TextDelta(" capital"), new TextDelta(" of"), new TextDelta(" France"),
                new TextDelta(" is"), new TextDelta(" Paris"), new TextDelta("."),
                new Finished(StopReason.END_TURN, null),
                new Usage(new TokenUsage(2006, 1920, 0, 7, 0)),
                new Ended());
    }

    @Test
    void a_recorded_tool_call_stream_decodes_to_two_calls_with_their_argument_pieces() {
        List<ChatEvent> events = decode(OpenAiUpstream.payload("chat-stream-tool-calls.sse"));

        assertThat(events).containsExactly(
                new Started(ID, MODEL, 1741891860),
                new ToolCallStarted(0, "call_9pw1qnYScqvGrCH58HWCvFH6", "get_weather"),
                new ToolArgumentsDelta(0, "{\"lo"), new ToolArgumentsDelta(0, "cation"), new ToolArgumentsDelta(0, "\":\"Paris"),
                new ToolArgumentsDelta(0, ", France"), new ToolArgumentsDelta(0, "\",\"unit"), new ToolArgumentsDelta(0, "\":\"celsius\"}"),
                new ToolCallStarted(1, "call_R3nm2Q0jLjV8IdWPp8SEvRlh", "get_weather"),
                new ToolArgumentsDelta(1, "{\"lo"), new ToolArgumentsDelta(1, "cation"), new ToolArgumentsDelta(1, "\":\"Tokyo"),
                new ToolArgumentsDelta(1, ", Japan"), new ToolArgumentsDelta(1, "\",\"unit"), new ToolArgumentsDelta(1, "\":\"celsius\"}"),
                new Finished(StopReason.TOOL_CALLS, null),
                new Usage(new TokenUsage(85, 0, 0, 56, 0)),
                new Ended());
    }

    @Test
    void reasoning_deltas_and_calls_that_all_claim_index_zero_are_told_apart() {
        List<ChatEvent> events = decode("""
                data: {"id":"x","created":5,"model":"qwen3","choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"Two lookups."}}]}

                : keep-alive

                data: {"id":"x","created":5,"model":"qwen3","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"a","function":{"name":"f","arguments":"{}"}}]}}]}

                data: {"id":"x","created":5,"model":"qwen3","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"b","function":{"name":"g","arguments":"{}"}}]}}]}

                data: {"id":"x","created":5,"model":"qwen3","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}

                data: [DONE]

                """);

        assertThat(events).containsExactly(new Started("x", "qwen3", 5), new ThinkingDelta("Two lookups."),
                new ToolCallStarted(0, "a", "f"), new ToolArgumentsDelta(0, "{}"),
                new ToolCallStarted(1, "b", "g"), new ToolArgumentsDelta(1, "{}"),
                new Finished(StopReason.TOOL_CALLS, null), new Ended());
    }

    @Test
    void azures_prompt_filter_preamble_does_not_start_the_answer() {
        List<ChatEvent> events = decode("""
                data: {"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}]}

                data: {"choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"}}],"created":9,"id":"chatcmpl-az","model":"gpt-4o","object":"chat.completion.chunk"}

                """);

        assertThat(events).containsExactly(new Started("chatcmpl-az", "gpt-4o", 9), new TextDelta("Hi"));
    }

    @Test
    void an_error_event_in_the_stream_is_an_upstream_rejection_with_the_status_it_names() {
        assertThatThrownBy(() -> decode("data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}\n\n"))
                .isInstanceOfSatisfying(GatewayException.UpstreamRejected.class, e -> {
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.getMessage()).isEqualTo("The server had an error");
                });
        assertThatThrownBy(() -> decode("data: {\"error\":{\"message\":\"Rate limited\",\"code\":429}}\n\n"))
                .isInstanceOfSatisfying(GatewayException.UpstreamRejected.class, e -> assertThat(e.status()).isEqualTo(429));
    }

    @Test
    void events_encode_as_openai_chunks_with_the_usage_chunk_the_client_asked_for() {
        String sse = encode(true, new BigDecimal("0.0021"), List.of(
                new Started("msg_1", "claude-sonnet-4-5", 1741891860),
                new TextDelta("Hi"),
                new ToolCallStarted(0, "toolu_1", "get_weather"),
                new ToolArgumentsDelta(0, "{\"location\":"),
                new Finished(StopReason.TOOL_CALLS, null),
                new Usage(new TokenUsage(100, 0, 0, 1, 0)),
                new Usage(new TokenUsage(100, 80, 0, 20, 0)),
                new Ended()));

        String head = "data: {\"id\":\"msg_1\",\"object\":\"chat.completion.chunk\",\"created\":1741891860,\"model\":\"claude-sonnet-4-5\",";
        assertThat(sse).isEqualTo(
                head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
                + head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
                + head + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"toolu_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
                + head + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"location\\\":\"}}]},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
                + head + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],\"usage\":null}\n\n"
                + head + "\"choices\":[],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":20,\"total_tokens\":120,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":80},\"completion_tokens_details\":{\"reasoning_tokens\":0},\"cost_usd\":0.0021}}\n\n"
                + "data: [DONE]\n\n");
    }

    @Test
    void a_client_that_did_not_ask_for_usage_gets_no_usage_chunk() {
        String sse = encode(false, BigDecimal.ONE, List.of(new Started("i", "m", 1), new TextDelta("x"),
                new Finished(StopReason.END_TURN, null), new Usage(new TokenUsage(1, 0, 0, 1, 0)), new Ended()));

        assertThat(sse).doesNotContain("usage").endsWith("\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
    }

    @Test
    void encoded_events_decode_back_to_the_same_events() {
        List<ChatEvent> events = List.of(
                new Started("msg_1", "claude-sonnet-4-5", 1741891860),
                new ThinkingDelta("Let me think."),
                new TextDelta("Checking."),
                new ToolCallStarted(0, "toolu_1", "get_weather"),
                new ToolArgumentsDelta(0, "{\"location\":"),
                new ToolArgumentsDelta(0, "\"Paris\"}"),
                new ToolCallStarted(1, "toolu_2", "get_time"),
                new ToolArgumentsDelta(1, "{}"),
                new Finished(StopReason.TOOL_CALLS, null),
                new Usage(new TokenUsage(100, 80, 10, 20, 5)),
                new Ended());

        assertThat(decode(encode(true, null, events))).isEqualTo(events);
    }

    @Test
    void a_thinking_signature_has_no_place_in_an_openai_stream() {
        StreamEncoder encoder = DIALECT.newStreamEncoder(streamingRequest(false));
        encoder.encode(new Started("i", "m", 1), null);

        assertThat(encoder.encode(new ThinkingSignature("sig"), null)).isEmpty();
    }

    @Test
    void a_failed_stream_ends_with_a_named_error_event_and_no_done() {
        StreamEncoder encoder = DIALECT.newStreamEncoder(streamingRequest(true));
        encoder.encode(new Started("i", "m", 1), null);

        List<byte[]> closing = encoder.error(new GatewayException.UpstreamUnavailable("The upstream stream broke off."));

        assertThat(closing).hasSize(1);
        assertThat(new String(closing.get(0), StandardCharsets.UTF_8)).isEqualTo("event: error\ndata: {\"error\":{\"message\":\"The upstream stream broke off.\","
                + "\"type\":\"upstream_error\",\"param\":null,\"code\":\"upstream_unavailable\"}}\n\n");
    }
}
