package dev.switchboard.routing;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.governance.privacy.Redactor;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the router reads off a request before it looks at any model: cheap to compute, and
 * enough on its own to settle some tasks (tools present means tool use) and to filter models
 * (context window, vision, JSON schema, sensitive data).
 *
 * @param promptTokens  estimated prompt tokens (characters / 4, images at a fixed amount)
 * @param tools         the request defines tools
 * @param images        a message carries an image
 * @param jsonSchema    the answer must follow a JSON schema
 * @param jsonObject    the answer must be a JSON object (schema or not)
 * @param codeMarkers   code fences or programming keywords appear
 * @param mathsMarkers  LaTeX or equations appear
 * @param script        {@code latin} when the last user turn is in Latin script, else {@code other}
 * @param turns         messages in the conversation
 * @param sensitive     kinds of sensitive data found ({@link Redactor#EMAIL}, {@link Redactor#CARD}, {@link Redactor#SECRET})
 * @param ask           the last user turn's text: what the classifier and the quality predictor embed
 * @param maxTokens     the request's output limit; null when it sets none
 */
public record Features(@JsonProperty("prompt_tokens") int promptTokens, @JsonProperty("tools") boolean tools,
                       @JsonProperty("images") boolean images, @JsonProperty("json_schema") boolean jsonSchema,
                       @JsonProperty("json_object") boolean jsonObject, @JsonProperty("code_markers") boolean codeMarkers,
                       @JsonProperty("maths_markers") boolean mathsMarkers, @JsonProperty("script") String script,
                       @JsonProperty("turns") int turns, @JsonProperty("sensitive_data") Set<String> sensitive,
                       @com.fasterxml.jackson.annotation.JsonIgnore String ask,
                       @com.fasterxml.jackson.annotation.JsonIgnore Integer maxTokens) {

    // A rough, tokenizer-free estimate: about four characters of English per token. Running a real
    // tokenizer over a long prompt would cost more than the rest of the decision, and a price
    // comparison and a context-window check only need the magnitude.
    private static final int CHARS_PER_TOKEN = 4;
    // What OpenAI charges for one high-detail 1024x1024 image, as the gateway's token estimator counts it.
    private static final int TOKENS_PER_IMAGE = 765;
    private static final Pattern CODE = Pattern.compile(
            "```|\\b(def|class|import|return|public static|function|const|let|var|fn|#include|SELECT|void)\\b[^\\n]{0,80}[;:{(=]");
    private static final Pattern MATHS = Pattern.compile(
            "\\$[^$\\n]+\\$|\\\\(frac|sqrt|int|sum|begin\\{equation)|\\b\\d+\\s*[-+*/^]\\s*\\d+\\s*=|[∫∑√≤≥±]|\\b[xyz]\\s*\\^\\s*\\d");

    public Features {
        sensitive = Set.copyOf(sensitive);
    }

    /** Reads the features off a decoded request; {@code redactor} detects the sensitive data. */
    public static Features of(ChatRequest request, Redactor redactor) {
        StringBuilder all = new StringBuilder();
        request.system().forEach(t -> all.append(t.text()).append('\n'));
        String ask = "";
        int imageCount = 0;
        for (ChatRequest.Message message : request.messages()) {
            StringBuilder turn = new StringBuilder();
            for (ChatRequest.Part part : message.parts()) {
                switch (part) {
                    case ChatRequest.Text text -> turn.append(text.text()).append('\n');
                    case ChatRequest.Image image -> imageCount++;
                    case ChatRequest.ToolResult result -> result.content().forEach(p -> {
                        if (p instanceof ChatRequest.Text t) {
                            turn.append(t.text()).append('\n');
                        }
                    });
                    default -> {
                    }
                }
            }
            all.append(turn);
            if (message.role() == ChatRequest.Role.USER && !turn.isEmpty()) {
                ask = turn.toString().strip();
            }
        }
        String text = all.toString();
        ChatRequest.ResponseFormat format = request.responseFormat();
        return new Features(text.length() / CHARS_PER_TOKEN + imageCount * TOKENS_PER_IMAGE, !request.tools().isEmpty(), imageCount > 0,
                format instanceof ChatRequest.ResponseFormat.JsonSchema,
                format instanceof ChatRequest.ResponseFormat.JsonSchema || format instanceof ChatRequest.ResponseFormat.JsonObject,
                CODE.matcher(ask).find(), MATHS.matcher(ask).find(), latin(ask) ? "latin" : "other",
                request.messages().size(), redactor.detect(text), ask, request.maxTokens());
    }

    /** True when at most a tenth of the letters are outside Latin script: a cheap language signal, no dictionary. */
    static boolean latin(String text) {
        int letters = 0;
        int other = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetter(cp)) {
                letters++;
                if (Character.UnicodeScript.of(cp) != Character.UnicodeScript.LATIN) {
                    other++;
                }
            }
        }
        return other * 10 <= letters;
    }

    /** The capabilities a model needs for this request: {@code tools}, {@code vision}, {@code json_schema}. */
    public List<String> requiredCapabilities() {
        return java.util.stream.Stream.of(tools ? "tools" : null, images ? "vision" : null, jsonSchema ? "json_schema" : null)
                .filter(java.util.Objects::nonNull).toList();
    }
}
