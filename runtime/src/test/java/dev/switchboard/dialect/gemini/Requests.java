package dev.switchboard.dialect.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatRequest.Message;
import dev.switchboard.chat.ChatRequest.Part;
import dev.switchboard.chat.ChatRequest.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Neutral requests for the Gemini dialect's tests: a conversation plus only the settings a test is about. */
final class Requests {
    static final ObjectMapper JSON = new ObjectMapper();

    List<ChatRequest.Text> system = new ArrayList<>();
    List<Message> messages = new ArrayList<>();
    List<ChatRequest.Tool> tools = new ArrayList<>();
    ChatRequest.ToolChoice toolChoice;
    Boolean parallelToolCalls;
    Integer maxTokens;
    Double temperature;
    Double topP;
    Integer topK;
    List<String> stop = new ArrayList<>();
    ChatRequest.ResponseFormat responseFormat;
    ChatRequest.Reasoning reasoning;
    String user;
    Long seed;

    static Requests of(Message... messages) {
        Requests requests = new Requests();
        requests.messages.addAll(List.of(messages));
        return requests;
    }

    static Message user(Part... parts) {
        return new Message(Role.USER, List.of(parts));
    }

    static Message assistant(Part... parts) {
        return new Message(Role.ASSISTANT, List.of(parts));
    }

    static ChatRequest.Text text(String text) {
        return ChatRequest.Text.of(text);
    }

    static JsonNode json(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ChatRequest build() {
        return new ChatRequest("client-model", system, messages, tools, toolChoice, parallelToolCalls, maxTokens,
                temperature, topP, topK, stop, responseFormat, reasoning, false, user, seed);
    }

    /** The Gemini body for this request, as a tree to compare with an expected one. */
    JsonNode encoded() {
        try {
            return JSON.readTree(new GeminiDialect().encodeRequest(build(), "gemini-2.5-flash"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
