package dev.switchboard.dialect.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatRequest.Message;
import dev.switchboard.chat.ChatRequest.Part;
import dev.switchboard.error.GatewayException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the conversation as Gemini's {@code contents}: one {@code Content} per run of turns by
 * the same side (role {@code user} or {@code model}), since Gemini expects the sides to alternate
 * and clients may send, say, a user text right after the user-side tool results.
 *
 * <p>Part by part: text stays text; inline images and documents become {@code inlineData}, URLs
 * become {@code fileData} (Gemini fetches public http(s) URLs itself); tool calls become
 * {@code functionCall}; tool results become {@code functionResponse}, which Gemini matches to
 * calls by function name, not id, so a result's name comes from the result itself or else from
 * the earlier call with its id. Parts that leave nothing to write (empty text, thinking) are
 * skipped, and a turn left with no parts disappears, because Gemini rejects empty ones.
 *
 * <p>Thinking from earlier turns is dropped: Gemini only takes its own thoughts back, sealed by
 * its own thought signatures, which other vendors' thinking does not have and Gemini's does not
 * survive a trip through a client in another dialect. For the same reason each model turn's first
 * {@code functionCall} carries {@link #FOREIGN_SIGNATURE}: Gemini 3 models reject a replayed
 * function call without a signature, and this value is the one Google documents for history it
 * did not sign (other models ignore it).
 */
final class GeminiContents {
    static final String FOREIGN_SIGNATURE = "skip_thought_signature_validator";

    private final JsonGenerator g;
    // The name of each tool call seen so far by id; a later call with a reused id wins.
    private final Map<String, String> callNames = new HashMap<>();
    private String openRole;
    private boolean signed;

    private GeminiContents(JsonGenerator g) {
        this.g = g;
    }

    static void write(JsonGenerator g, List<Message> messages) throws IOException {
        g.writeArrayFieldStart("contents");
        GeminiContents contents = new GeminiContents(g);
        for (int m = 0; m < messages.size(); m++) {
            contents.message(messages.get(m), m);
        }
        contents.closeContent();
        g.writeEndArray();
    }

    private void message(Message message, int m) throws IOException {
        String role = message.role() == ChatRequest.Role.USER ? "user" : "model";
        List<Part> parts = message.parts();
        for (int p = 0; p < parts.size(); p++) {
            switch (parts.get(p)) {
                case ChatRequest.Text text -> {
                    if (!text.text().isEmpty()) {
                        // cache_control is dropped: Gemini caches repeated prefixes implicitly.
                        openContent(role);
                        g.writeStartObject();
                        g.writeStringField("text", text.text());
                        g.writeEndObject();
                    }
                }
                // OpenAI's detail is dropped: Gemini picks the resolution per request, not per image,
                // and detail only trades cost against fidelity.
                case ChatRequest.Image image -> media(role, image.url(), image.mediaType(), image.base64(), "image", m, p);
                // Anthropic's title is dropped: Gemini's inline and file data have no title.
                case ChatRequest.Document doc -> media(role, doc.url(), doc.mediaType(), doc.base64(), "document", m, p);
                case ChatRequest.ToolCall call -> toolCall(role, call);
                case ChatRequest.ToolResult result -> toolResult(role, result, m, p);
                case ChatRequest.Thinking thinking -> {
                    // Dropped: see the class comment.
                }
            }
        }
    }

    private void media(String role, String url, String mediaType, String base64, String kind, int m, int p) throws IOException {
        openContent(role);
        g.writeStartObject();
        if (base64 != null) {
            if (mediaType == null) {
                throw new GatewayException.InvalidRequest("The inline " + kind + " at " + at(m, p)
                        + " has no media type; Gemini needs one.", at(m, p));
            }
            g.writeObjectFieldStart("inlineData");
            g.writeStringField("mimeType", mediaType);
            g.writeStringField("data", base64);
        } else {
            String type = mediaType != null ? mediaType : MediaTypes.fromUrl(url);
            if (type == null) {
                throw new GatewayException.InvalidRequest("Gemini needs the media type of the " + kind + " at " + at(m, p)
                        + " (" + url + "), and its URL does not end in .png, .jpg, .jpeg, .gif, .webp or .pdf.", at(m, p));
            }
            g.writeObjectFieldStart("fileData");
            g.writeStringField("mimeType", type);
            g.writeStringField("fileUri", url);
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private void toolCall(String role, ChatRequest.ToolCall call) throws IOException {
        callNames.put(call.id(), call.name());
        openContent(role);
        g.writeStartObject();
        // The call id is not sent: the Gemini API matches responses to calls by name and order.
        g.writeObjectFieldStart("functionCall");
        g.writeStringField("name", call.name());
        g.writeFieldName("args");
        if (call.arguments() == null || call.arguments().isNull()) {
            g.writeStartObject();
            g.writeEndObject();
        } else {
            g.writeTree(call.arguments());
        }
        g.writeEndObject();
        if (!signed) {
            // Only a step's first call needs the signature: that is where Gemini puts its own.
            g.writeStringField("thoughtSignature", FOREIGN_SIGNATURE);
            signed = true;
        }
        g.writeEndObject();
    }

    private void toolResult(String role, ChatRequest.ToolResult result, int m, int p) throws IOException {
        String name = result.name() != null ? result.name() : callNames.get(result.callId());
        if (name == null) {
            throw new GatewayException.InvalidRequest("Gemini needs the function name of the tool result at " + at(m, p)
                    + ", and no earlier tool call has its id '" + result.callId() + "'.", at(m, p));
        }
        String text = resultText(result, m, p);
        openContent(role);
        g.writeStartObject();
        g.writeObjectFieldStart("functionResponse");
        g.writeStringField("name", name);
        g.writeObjectFieldStart("response");
        // Gemini reads "error" as the call's failure and any other key as its output.
        g.writeStringField(result.isError() ? "error" : "result", text);
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
    }

    /** The result's text parts, joined; Gemini's function responses are JSON objects, with no room for images. */
    private static String resultText(ChatRequest.ToolResult result, int m, int p) {
        List<Part> content = result.content();
        if (content.size() == 1 && content.getFirst() instanceof ChatRequest.Text only) {
            return only.text();
        }
        StringBuilder text = new StringBuilder();
        for (Part part : content) {
            if (!(part instanceof ChatRequest.Text piece)) {
                throw new GatewayException.InvalidRequest("Gemini function responses carry text only; the tool result at "
                        + at(m, p) + " contains " + kind(part) + ".", at(m, p));
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(piece.text());
        }
        return text.toString();
    }

    private void openContent(String role) throws IOException {
        if (role.equals(openRole)) {
            return;
        }
        closeContent();
        g.writeStartObject();
        g.writeStringField("role", role);
        g.writeArrayFieldStart("parts");
        openRole = role;
        signed = false;
    }

    private void closeContent() throws IOException {
        if (openRole != null) {
            g.writeEndArray();
            g.writeEndObject();
            openRole = null;
        }
    }

    private static String at(int m, int p) {
        return "messages[" + m + "].content[" + p + "]";
    }

    private static String kind(Part part) {
        return switch (part) {
            case ChatRequest.Text text -> "text";
            case ChatRequest.Image image -> "an image";
            case ChatRequest.Document doc -> "a document";
            case ChatRequest.ToolCall call -> "a tool call";
            case ChatRequest.ToolResult nested -> "a nested tool result";
            case ChatRequest.Thinking thinking -> "thinking";
        };
    }
}
