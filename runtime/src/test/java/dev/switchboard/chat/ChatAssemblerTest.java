package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.switchboard.usage.TokenUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatAssemblerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ChatResult assemble(List<ChatEvent> events) {
        ChatAssembler assembler = new ChatAssembler();
        events.forEach(assembler::accept);
        return assembler.result();
    }

    @Test
    void a_stream_of_thinking_text_and_tool_calls_becomes_the_answer_in_the_order_the_model_produced_it() throws Exception {
        TokenUsage usage = new TokenUsage(12, 0, 0, 30, 5);
        ChatResult result = assemble(List.of(
                new ChatEvent.Started("msg_1", "claude-x", 1700000000),
                new ChatEvent.ThinkingDelta("Paris is "), new ChatEvent.ThinkingDelta("the capital."),
                new ChatEvent.ThinkingSignature("sig"),
                new ChatEvent.TextDelta("Checking "), new ChatEvent.TextDelta("the weather."),
                new ChatEvent.ToolCallStarted(0, "call_1", "get_weather"),
                new ChatEvent.ToolCallStarted(1, "call_2", "get_time"),
                new ChatEvent.ToolArgumentsDelta(0, "{\"city\":"), new ChatEvent.ToolArgumentsDelta(1, "{}"),
                new ChatEvent.ToolArgumentsDelta(0, "\"Paris\"}"),
                new ChatEvent.Finished(StopReason.TOOL_CALLS, null),
                new ChatEvent.Usage(usage), new ChatEvent.Ended()));

        assertThat(result.id()).isEqualTo("msg_1");
        assertThat(result.model()).isEqualTo("claude-x");
        assertThat(result.content()).containsExactly(
                new ChatRequest.Thinking("Paris is the capital.", "sig", false),
                ChatRequest.Text.of("Checking the weather."),
                new ChatRequest.ToolCall("call_1", "get_weather", JSON.readTree("{\"city\":\"Paris\"}")),
                new ChatRequest.ToolCall("call_2", "get_time", JSON.readTree("{}")));
        assertThat(result.stopReason()).isEqualTo(StopReason.TOOL_CALLS);
        assertThat(result.usage()).isEqualTo(usage);
    }

    @Test
    void tool_arguments_cut_off_midway_are_kept_as_the_text_that_arrived() {
        ChatResult result = assemble(List.of(new ChatEvent.Started("m", "x", 0),
                new ChatEvent.ToolCallStarted(0, "c", "f"), new ChatEvent.ToolArgumentsDelta(0, "{\"city\":\"Par")));

        assertThat(((ChatRequest.ToolCall) result.content().get(0)).arguments()).isEqualTo(TextNode.valueOf("{\"city\":\"Par"));
        assertThat(result.stopReason()).isEqualTo(StopReason.OTHER);
    }

    @Test
    void a_whole_answer_replayed_as_events_assembles_back_to_itself() throws Exception {
        ChatResult answer = new ChatResult("chatcmpl-1", "gpt-x", List.of(ChatRequest.Text.of("It is sunny."),
                new ChatRequest.ToolCall("call_1", "get_weather", JSON.readTree("{\"city\":\"Paris\"}"))),
                StopReason.TOOL_CALLS, null, new TokenUsage(10, 0, 0, 4, 0), 1700000000);

        List<ChatEvent> events = ChatAssembler.events(answer);

        assertThat(events).first().isInstanceOf(ChatEvent.Started.class);
        assertThat(events).last().isInstanceOf(ChatEvent.Ended.class);
        assertThat(assemble(events)).isEqualTo(answer);
    }
}
