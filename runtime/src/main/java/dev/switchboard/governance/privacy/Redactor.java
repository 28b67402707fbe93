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
import java.util.Set;
import java.util.Map;
import java.util.function.Predicate;
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
 * Thread-safe and stateless.
 */
public final class Redactor {
    public static final String SECRET = "[SECRET]";
    public static final String EMAIL = "[EMAIL]";
    public static final String CARD = "[CARD]";
    public static final String PHONE = "[PHONE]";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?-----END [A-Z ]*PRIVATE KEY-----");
    private static final Pattern VENDOR_KEY = Pattern.compile(String.join("|",
            "\\bsk-(?:ant-|proj-|svcacct-|admin-|sb-)?[A-Za-z0-9_-]{20,}",   // OpenAI, Anthropic, Switchboard
            "\\bAIza[0-9A-Za-z_-]{35}",                                       // Google
            "\\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\\b",                      // AWS access key id
            "\\bgh[pousr]_[A-Za-z0-9]{36,}",                                  // GitHub tokens
            "\\bgithub_pat_[A-Za-z0-9_]{22,}",
            "\\bxox[abposr]-[A-Za-z0-9-]{10,}",                               // Slack tokens
            "https://hooks\\.slack\\.com/services/[A-Za-z0-9/]+",
            "\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}")); // JWT
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}");
    private static final Pattern LABELLED = Pattern.compile(
            "(?i)\\b(password|passwd|pwd|secret|client_secret|api[_-]?key|access[_-]?token|auth[_-]?token|token|"
                    + "aws_secret_access_key)(\"?\\s*[:=]\\s*[\"']?)([^\\s\"',;]{6,})");
    // Long runs of token characters; only those that look random (see looksRandom) are secrets.
    private static final Pattern TOKEN = Pattern.compile("(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_=-]{32,}(?![A-Za-z0-9+/_=-])");
    private static final Pattern EMAIL_ADDRESS = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b");
    private static final Pattern CARD_NUMBER = Pattern.compile("(?<![\\d.-])[2-6]\\d(?:[ -]?\\d){11,17}(?![\\d-]|\\.\\d)");
    private static final Pattern INTERNATIONAL_PHONE = Pattern.compile(
            "(?<![\\w+])\\+[1-9]\\d{0,2}(?:[ .-]?\\(?\\d{1,5}\\)?){2,6}(?![\\w-]|\\.\\d)");
    private static final Pattern NORTH_AMERICAN_PHONE = Pattern.compile(
            "(?<![\\w.-])(?:\\(\\d{3}\\)\\s?|\\d{3}[ .-])\\d{3}[ .-]\\d{4}(?![\\w-]|\\.\\d)");
    private static final Pattern TRUNK_PHONE = Pattern.compile(
            "(?<![\\w.-])0[1-9]\\d{0,3}(?:[ ./-]?\\d{2,4}){2,4}(?![\\w-]|\\.\\d)");

    /** {@code text} with every match replaced by its placeholder. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = PRIVATE_KEY.matcher(text).replaceAll(SECRET);
        out = VENDOR_KEY.matcher(out).replaceAll(SECRET);
        out = BEARER.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + " " + SECRET));
        out = LABELLED.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + SECRET));
        out = replace(out, TOKEN, Redactor::looksRandom, SECRET);
        out = EMAIL_ADDRESS.matcher(out).replaceAll(EMAIL);
        out = replace(out, CARD_NUMBER, Redactor::isCardNumber, CARD);
        out = replace(out, INTERNATIONAL_PHONE, m -> digits(m) >= 8 && digits(m) <= 15, PHONE);
        out = NORTH_AMERICAN_PHONE.matcher(out).replaceAll(PHONE);
        out = replace(out, TRUNK_PHONE, m -> digits(m) == 10 || digits(m) == 11, PHONE);
        return out;
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
        if (PRIVATE_KEY.matcher(text).find() || VENDOR_KEY.matcher(text).find() || BEARER.matcher(text).find()
                || LABELLED.matcher(text).find() || anyMatch(text, TOKEN, Redactor::looksRandom)) {
            found.add(SECRET);
        }
        if (EMAIL_ADDRESS.matcher(text).find()) {
            found.add(EMAIL);
        }
        if (anyMatch(text, CARD_NUMBER, Redactor::isCardNumber)) {
            found.add(CARD);
        }
        return found;
    }

    private static boolean anyMatch(String text, Pattern pattern, Predicate<String> accept) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            if (accept.test(m.group())) {
                return true;
            }
        }
        return false;
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

    private static String replace(String text, Pattern pattern, Predicate<String> accept, String placeholder) {
        return pattern.matcher(text).replaceAll(m -> Matcher.quoteReplacement(accept.test(m.group()) ? placeholder : m.group()));
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
