package dev.switchboard.governance.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces personal data and secrets in text with typed placeholders before a request is stored:
 * {@code [SECRET]} for credentials (vendor API keys, bearer tokens, JWTs, private keys,
 * {@code password=...} values, long random-looking tokens), {@code [EMAIL]}, {@code [CARD]} for
 * payment card numbers and {@code [PHONE]} for phone numbers.
 *
 * <p>Implementation note: rules run in that order, each over the previous one's output, so a key
 * full of digits becomes {@code [SECRET]} before the card and phone rules could take pieces of it.
 * The number rules trade recall for precision where the two conflict: a card must have 13–19
 * digits, start like a card (2–6) and pass the Luhn check; a phone must be written the way phones
 * are (a {@code +} and country code, a North American {@code 555-123-4567} shape, or a European
 * trunk {@code 0} with 10–11 digits), so dates, order numbers, versions, IP addresses and UUIDs
 * stay as they are. Bare ten-digit runs are not taken for phones: too many ids look like that.
 *
 * <p>Speed: routing scans every prompt ({@link #detect}), so no rule runs its regex over text that
 * cannot match it. Each rule first checks something every match must contain — a literal such as
 * {@code @} or {@code sk-} found with {@link String#indexOf}, or a run of enough digits — which
 * costs a few microseconds on a 2,000-token prompt where the regexes cost milliseconds; only when
 * that check passes does the rule's pattern run, so what is found is exactly what the patterns
 * alone would find. Long random tokens are found by one pass over the runs of token characters
 * instead of a regex. Thread-safe and stateless.
 */
public final class Redactor {
    public static final String SECRET = "[SECRET]";
    public static final String EMAIL = "[EMAIL]";
    public static final String CARD = "[CARD]";
    public static final String PHONE = "[PHONE]";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Predicate<String> ANY = match -> true;

    // Each rule's literals: every match of its pattern contains at least one of them (case-insensitively for the (?i) rules).
    private static final Rule PRIVATE_KEY = Rule.of("-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?-----END [A-Z ]*PRIVATE KEY-----",
            containing("PRIVATE KEY-----"), ANY, m -> SECRET);
    private static final Rule VENDOR_KEY = Rule.of(String.join("|",
            "\\bsk-(?:ant-|proj-|svcacct-|admin-|sb-)?[A-Za-z0-9_-]{20,}",   // OpenAI, Anthropic, Switchboard
            "\\bAIza[0-9A-Za-z_-]{35}",                                       // Google
            "\\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\\b",                      // AWS access key id
            "\\bgh[pousr]_[A-Za-z0-9]{36,}",                                  // GitHub tokens
            "\\bgithub_pat_[A-Za-z0-9_]{22,}",
            "\\bxox[abposr]-[A-Za-z0-9-]{10,}",                               // Slack tokens
            "https://hooks\\.slack\\.com/services/[A-Za-z0-9/]+",
            "\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"), // JWT
            containing("sk-", "AIza", "AKIA", "ASIA", "ABIA", "ACCA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_",
                    "xox", "hooks.slack.com/services/", "eyJ"),
            ANY, m -> SECRET);
    private static final Rule BEARER = Rule.of("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}",
            containingIgnoringCase("bearer", "basic"), ANY, m -> m.group(1) + " " + SECRET);
    private static final Rule LABELLED = Rule.of(
            "(?i)\\b(password|passwd|pwd|secret|client_secret|api[_-]?key|access[_-]?token|auth[_-]?token|token|"
                    + "aws_secret_access_key)(\"?\\s*[:=]\\s*[\"']?)([^\\s\"',;]{6,})",
            containingIgnoringCase("pass", "pwd", "secret", "api", "token"), ANY, m -> m.group(1) + m.group(2) + SECRET);
    private static final Rule EMAIL_ADDRESS = Rule.of(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b", containing("@"), ANY, m -> EMAIL);
    private static final Rule CARD_NUMBER = Rule.of("(?<![\\d.-])[2-6]\\d(?:[ -]?\\d){11,17}(?![\\d-]|\\.\\d)",
            text -> hasDigitChain(text, 13), Redactor::isCardNumber, m -> CARD);
    private static final Rule INTERNATIONAL_PHONE = Rule.of(
            "(?<![\\w+])\\+[1-9]\\d{0,2}(?:[ .-]?\\(?\\d{1,5}\\)?){2,6}(?![\\w-]|\\.\\d)",
            text -> text.indexOf('+') >= 0 && asciiDigits(text) >= 8, m -> digits(m) >= 8 && digits(m) <= 15, m -> PHONE);
    private static final Rule NORTH_AMERICAN_PHONE = Rule.of(
            "(?<![\\w.-])(?:\\(\\d{3}\\)\\s?|\\d{3}[ .-])\\d{3}[ .-]\\d{4}(?![\\w-]|\\.\\d)", text -> asciiDigits(text) >= 10, ANY, m -> PHONE);
    private static final Rule TRUNK_PHONE = Rule.of(
            "(?<![\\w.-])0[1-9]\\d{0,3}(?:[ ./-]?\\d{2,4}){2,4}(?![\\w-]|\\.\\d)",
            text -> asciiDigits(text) >= 10, m -> digits(m) == 10 || digits(m) == 11, m -> PHONE);
    // Long random-looking tokens: runs of ASCII letters, digits and these, at least this long (see looksRandom).
    private static final String TOKEN_PUNCTUATION = "+/_=-";
    private static final int TOKEN_MIN_LENGTH = 32;
    private static final boolean[] TOKEN_CHAR = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            TOKEN_CHAR[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || TOKEN_PUNCTUATION.indexOf(c) >= 0;
        }
    }

    /**
     * A pattern; a cheap test every text it can match passes; which matches count (the others are
     * left alone); what replaces a match that counts.
     */
    private record Rule(Pattern pattern, Predicate<String> mayMatch, Predicate<String> accept, Function<MatchResult, String> replacement) {
        static Rule of(String regex, Predicate<String> mayMatch, Predicate<String> accept, Function<MatchResult, String> replacement) {
            return new Rule(Pattern.compile(regex), mayMatch, accept, replacement);
        }

        String replaceAll(String text) {
            if (!mayMatch.test(text)) {
                return text;
            }
            return pattern.matcher(text).replaceAll(m -> Matcher.quoteReplacement(accept.test(m.group()) ? replacement.apply(m) : m.group()));
        }

        boolean found(String text) {
            if (!mayMatch.test(text)) {
                return false;
            }
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                if (accept.test(m.group())) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code text} with every match replaced by its placeholder. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = PRIVATE_KEY.replaceAll(text);
        out = VENDOR_KEY.replaceAll(out);
        out = BEARER.replaceAll(out);
        out = LABELLED.replaceAll(out);
        out = replaceRandomTokens(out);
        out = EMAIL_ADDRESS.replaceAll(out);
        out = CARD_NUMBER.replaceAll(out);
        out = INTERNATIONAL_PHONE.replaceAll(out);
        out = NORTH_AMERICAN_PHONE.replaceAll(out);
        return TRUNK_PHONE.replaceAll(out);
    }

    /**
     * Which of personal data and secrets {@code text} contains, by placeholder: {@link #SECRET},
     * {@link #EMAIL}, {@link #CARD} (phones are not looked for: routing treats them as ordinary
     * text). Same rules as {@link #redact}, but each stops at its first match and nothing is
     * rewritten, so a routing decision pays for a scan, not a copy.
     */
    public Set<String> detect(String text) {
        Set<String> found = new LinkedHashSet<>();
        if (text == null || text.isEmpty()) {
            return found;
        }
        if (PRIVATE_KEY.found(text) || VENDOR_KEY.found(text) || BEARER.found(text)
                || LABELLED.found(text) || nextRandomToken(text, 0) != null) {
            found.add(SECRET);
        }
        if (EMAIL_ADDRESS.found(text)) {
            found.add(EMAIL);
        }
        if (CARD_NUMBER.found(text)) {
            found.add(CARD);
        }
        return found;
    }

    /**
     * A JSON document with every string value (and object key) redacted, re-serialised; text that
     * is not JSON is redacted as text. Redacting the decoded strings, not the JSON source, keeps
     * escapes such as {@code \n} from hiding a number or gluing onto it.
     */
    public String redactJson(byte[] json) {
        try {
            JsonNode tree = JSON.readTree(json);
            if (tree == null) {
                return redact(new String(json, StandardCharsets.UTF_8));
            }
            return JSON.writeValueAsString(redactTree(tree));
        } catch (IOException e) {
            return redact(new String(json, StandardCharsets.UTF_8));
        }
    }

    private JsonNode redactTree(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(redact(node.textValue()));
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, redactTree(array.get(i)));
            }
        } else if (node instanceof ObjectNode object) {
            ObjectNode copy = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(redact(field.getKey()), redactTree(field.getValue()));
            }
            return copy;
        }
        return node;
    }

    private static Predicate<String> containing(String... literals) {
        return text -> {
            for (String literal : literals) {
                if (text.contains(literal)) {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * For the {@code (?i)} rules, whose case-folding is ASCII-only: lower-casing the whole text can
     * only turn more of it into a literal, never less, so the check stays a necessary condition.
     */
    private static Predicate<String> containingIgnoringCase(String... lowerCaseLiterals) {
        Predicate<String> lower = containing(lowerCaseLiterals);
        return text -> lower.test(text.toLowerCase(Locale.ROOT));
    }

    /** At least {@code length} ASCII digits in a row, single spaces or dashes between them allowed: the shape every card match has. */
    private static boolean hasDigitChain(String text, int length) {
        int chain = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++chain >= length) {
                    return true;
                }
            } else if (!((c == ' ' || c == '-') && chain > 0 && i + 1 < text.length() && isAsciiDigit(text.charAt(i + 1)))) {
                chain = 0;
            }
        }
        return false;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int asciiDigits(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (isAsciiDigit(text.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    private static int digits(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    private static boolean isTokenChar(char c) {
        return c < 128 && TOKEN_CHAR[c];
    }

    /**
     * The first run of token characters from {@code from} on that is at least {@link #TOKEN_MIN_LENGTH}
     * long, cannot be extended either way, and {@link #looksRandom looks random}, as {@code {start, end}};
     * null when there is none.
     */
    private static int[] nextRandomToken(String text, int from) {
        int i = from;
        while (i < text.length()) {
            if (!isTokenChar(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < text.length() && isTokenChar(text.charAt(i))) {
                i++;
            }
            if (i - start >= TOKEN_MIN_LENGTH && looksRandom(text.substring(start, i))) {
                return new int[] {start, i};
            }
        }
        return null;
    }

    private static String replaceRandomTokens(String text) {
        int[] token = nextRandomToken(text, 0);
        if (token == null) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        for (; token != null; token = nextRandomToken(text, token[1])) {
            out.append(text, copied, token[0]).append(SECRET);
            copied = token[1];
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** 13–19 digits that pass the Luhn check (which a mistyped or made-up number fails nine times in ten). */
    static boolean isCardNumber(String candidate) {
        String number = candidate.replaceAll("[ -]", "");
        if (number.length() < 13 || number.length() > 19) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < number.length(); i++) {
            int digit = number.charAt(number.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    /**
     * A token that mixes letters and digits, is not plain hex (hashes, UUIDs without dashes,
     * trace ids) and has the character spread of random output: over 4 bits of entropy per
     * character. Long words, identifiers and paths have far less.
     */
    static boolean looksRandom(String token) {
        boolean letter = false;
        boolean digit = false;
        boolean nonHex = false;
        int[] counts = new int[128];
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            letter |= Character.isLetter(c);
            digit |= Character.isDigit(c);
            nonHex |= Character.isLetter(c) && Character.toLowerCase(c) > 'f';
            counts[c & 0x7f]++;
        }
        if (!letter || !digit || !nonHex) {
            return false;
        }
        double entropy = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = (double) count / token.length();
                entropy -= p * Math.log(p) / Math.log(2);
            }
        }
        return entropy > 4.0;
    }
}
