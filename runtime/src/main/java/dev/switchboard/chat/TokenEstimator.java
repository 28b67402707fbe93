package dev.switchboard.chat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.switchboard.chat.ChatRequest.Part;

/**
 * Counts a request's prompt tokens locally, for upstreams that offer no counting endpoint. Text is
 * counted with OpenAI's o200k tokenizer (exact for GPT-4o-family models, an estimate for others);
 * images and documents, whose cost depends on pixels and pages the gateway does not decode, count
 * as fixed amounts. Thread-safe.
 */
public final class TokenEstimator {
    // OpenAI's price of one 1024x1024 high-detail image; a typical screenshot or photo.
    private static final int TOKENS_PER_IMAGE = 765;
    // About one page of text; documents are counted by the upstream when it is asked to answer.
    private static final int TOKENS_PER_DOCUMENT = 1_500;
    // OpenAI's per-message framing (role and separators) in its chat format.
    private static final int TOKENS_PER_MESSAGE = 3;

    private final Encoding encoding = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    public int inputTokens(ChatRequest request) {
        int tokens = 0;
        for (ChatRequest.Text text : request.system()) {
            tokens += TOKENS_PER_MESSAGE + count(text.text());
        }
        for (ChatRequest.Message message : request.messages()) {
            tokens += TOKENS_PER_MESSAGE;
            for (Part part : message.parts()) {
                tokens += count(part);
            }
        }
        for (ChatRequest.Tool tool : request.tools()) {
            tokens += count(tool.name()) + count(tool.description())
                    + (tool.parameters() == null ? 0 : count(tool.parameters().toString()));
        }
        return tokens;
    }

    private int count(Part part) {
        return switch (part) {
            case ChatRequest.Text text -> count(text.text());
            case ChatRequest.Image image -> TOKENS_PER_IMAGE;
            case ChatRequest.Document document -> TOKENS_PER_DOCUMENT;
            case ChatRequest.ToolCall call -> count(call.name()) + (call.arguments() == null ? 0 : count(call.arguments().toString()));
            case ChatRequest.ToolResult result -> result.content().stream().mapToInt(this::count).sum();
            case ChatRequest.Thinking thinking -> thinking.redacted() ? 0 : count(thinking.text());
        };
    }

    /** The o200k token count of plain text, e.g. of a whole request body for a cost bound. */
    private int count(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }
}
