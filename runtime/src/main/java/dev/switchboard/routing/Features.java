package dev.switchboard.routing;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.governance.privacy.Redactor;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
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
    // Code markers: a fence, or a programming keyword followed on its line by code punctuation.
    private static final String FENCE = "```";
    private static final List<String> KEYWORDS = List.of("def", "class", "import", "return", "public static", "function", "const",
            "let", "var", "fn", "#include", "SELECT", "void");
    private static final Pattern KEYWORD_LINE = Pattern.compile(
            "\\b(" + String.join("|", KEYWORDS) + ")\\b[^\\n]{0,80}[;:{(=]");
    // Maths markers, each with a character every match contains: $…$, \frac-style commands, "2 + 3 =", symbols, x^2.
    private static final Pattern INLINE_LATEX = Pattern.compile("\\$[^$\\n]+\\$");
    private static final Pattern LATEX_COMMAND = Pattern.compile("\\\\(frac|sqrt|int|sum|begin\\{equation)");
    private static final Pattern EQUATION = Pattern.compile("\\b\\d+\\s*[-+*/^]\\s*\\d+\\s*=");
    private static final String MATHS_SYMBOLS = "∫∑√≤≥±";
    private static final Pattern POWER = Pattern.compile("\\b[xyz]\\s*\\^\\s*\\d");

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
                codeMarkers(ask), mathsMarkers(ask), latin(ask) ? "latin" : "other",
                request.messages().size(), redactor.detect(text), ask, request.maxTokens());
    }

    /*
     * The markers are looked for on every routed prompt, so each pattern runs only where it can match:
     * a regex scanning a 2,000-token prompt position by position costs a few hundred microseconds,
     * String.indexOf a few. The keyword pattern is tried only where a keyword occurs (transparent
     * bounds, so \\b still sees the character before); each maths pattern only when the text holds
     * a character all its matches contain. What is found is what the patterns alone would find.
     */
    static boolean codeMarkers(String text) {
        if (text.contains(FENCE)) {
            return true;
        }
        Matcher line = KEYWORD_LINE.matcher(text).useTransparentBounds(true);
        for (String keyword : KEYWORDS) {
            for (int at = text.indexOf(keyword); at >= 0; at = text.indexOf(keyword, at + 1)) {
                if (line.region(at, text.length()).lookingAt()) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean mathsMarkers(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '±' && MATHS_SYMBOLS.indexOf(c) >= 0) { // ± (U+00B1) is the lowest of the symbols
                return true;
            }
        }
        return text.indexOf('$') >= 0 && INLINE_LATEX.matcher(text).find()
                || text.indexOf('\\') >= 0 && LATEX_COMMAND.matcher(text).find()
                || text.indexOf('=') >= 0 && EQUATION.matcher(text).find()
                || text.indexOf('^') >= 0 && POWER.matcher(text).find();
    }

    /** True when at most a tenth of the letters are outside Latin script: a cheap language signal, no dictionary. */
    static boolean latin(String text) {
        int letters = 0;
        int other = 0;
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c < 128) {
                // ASCII, most of any prompt: a letter is Latin, no script lookup needed.
                letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? 1 : 0;
                i++;
                continue;
            }
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
