package dev.switchboard.governance.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {
    private final Redactor redactor = new Redactor();

    @ParameterizedTest
    @ValueSource(strings = {"jane.doe@example.com", "j+tag@mail.example.co.uk", "ops_team-1@sub.domain.io", "A.B@EXAMPLE.ORG"})
    void emailAddressesBecomeEmailPlaceholders(String email) {
        assertThat(redactor.redact("Contact " + email + ", thanks")).isEqualTo("Contact [EMAIL], thanks");
        assertThat(redactor.detect("Contact " + email + ", thanks")).containsExactly(Redactor.EMAIL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1 415 555 2671", "+44 20 7946 0958", "+49 (0)30 901820", "+33 6 12 34 56 78", "+14155552671",
            "+91-98765-43210", "(415) 555-2671", "415-555-2671", "415.555.2671", "020 7946 0958", "06 12 34 56 78",
            "0612345678", "030 901820 12"})
    void phoneNumbersInInternationalAndNationalFormatsBecomePhonePlaceholders(String phone) {
        assertThat(redactor.redact("Call me on " + phone + " today")).isEqualTo("Call me on [PHONE] today");
        assertThat(redactor.detect("Call me on " + phone + " today")).as("routing does not look for phones").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111", "5500 0000 0000 0004",
            "3782 822463 10005", "6011000990139424", "4222222222222"})
    void cardNumbersThatPassTheLuhnCheckBecomeCardPlaceholders(String card) {
        assertThat(redactor.redact("card: " + card + ".")).isEqualTo("card: [CARD].");
        assertThat(redactor.detect("card: " + card + ".")).containsExactly(Redactor.CARD);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z",
            "sk-ant-api03-Xy7zAb3dEf6hIj9kLm2nOp5qRs8tUv1w-abcDEF",
            "sk-sb-Q2hhbmdlIG1lIHBsZWFzZSBub3cgcGxlYXNl",
            "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY",
            "AKIAIOSFODNN7EXAMPLE",
            "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
            "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuv",
            "xoxb-2048-4096-AbCdEfGhIjKlMnOp",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"})
    void secretLookingStringsBecomeSecretPlaceholders(String secret) {
        assertThat(redactor.redact("key " + secret + " end")).isEqualTo("key [SECRET] end");
        assertThat(redactor.detect("key " + secret + " end")).containsExactly(Redactor.SECRET);
    }

    @Test
    void bearerTokensLabelledSecretsAndPrivateKeysLoseTheirValuesButKeepTheirLabels() {
        assertThat(redactor.redact("Authorization: Bearer abc.def-ghi_123")).isEqualTo("Authorization: Bearer [SECRET]");
        assertThat(redactor.redact("password=hunter2!x and api_key: \"q1w2e3r4\"")).isEqualTo("password=[SECRET] and api_key: \"[SECRET]\"");
        assertThat(redactor.redact("-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----"))
                .isEqualTo("[SECRET]");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "The meeting is on 2026-11-03 at 14:30.",
            "Dates: 03/11/2026, 03.11.2026, 11-03-2026.",
            "Order #100234567 and invoice INV-2026-000123 shipped.",
            "Tracking 1Z999AA10123456784 is on its way.",
            "Request 550e8400-e29b-41d4-a716-446655440000 failed.",
            "Version 1.2.3 at 192.168.1.10 port 8080.",
            "The total was 1234567.89 USD for 12 items.",
            "Commit 3f786850e387550fdab836ed7e6dc881de23001b is tagged.",
            "Number 4111111111111112 fails Luhn.",
            "The year 2026 had 365 days and 8760 hours.",
            "Use the function getUserAccountPreferencesFromDatabaseCache now.",
            "Path /usr/local/lib/python3.11/site-packages/requests/adapters.py"})
    void ordinaryNumbersIdentifiersAndPathsAreLeftAlone(String text) {
        assertThat(redactor.redact(text)).isEqualTo(text);
        assertThat(redactor.detect(text)).isEmpty();
    }

    @Test
    void sensitiveDataAtTheEndOfALongPromptIsStillDetected() {
        String code = "public final class Counter { private int n; public void inc() { n++; } public int get() { return n; } }\n".repeat(80);

        assertThat(redactor.detect(code)).isEmpty();
        assertThat(redactor.detect(code + "Authorization: bearer abc.def-ghi_123 from ops@example.com, card 4111 1111 1111 1111"))
                .containsExactlyInAnyOrder(Redactor.SECRET, Redactor.EMAIL, Redactor.CARD);
    }

    @Test
    void aJsonDocumentHasItsStringValuesRedactedAfterDecodingEscapes() {
        String json = "{\"messages\":[{\"role\":\"user\",\"content\":\"mail\\nbob@example.com or call\\n+1 415 555 2671\"}],\"max_tokens\":5}";

        String redacted = redactor.redactJson(json.getBytes(StandardCharsets.UTF_8));

        assertThat(redacted).isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":\"mail\\n[EMAIL] or call\\n[PHONE]\"}],\"max_tokens\":5}");
    }

    @Test
    void textThatIsNotJsonIsRedactedAsText() {
        assertThat(redactor.redactJson("not json: bob@example.com".getBytes(StandardCharsets.UTF_8))).isEqualTo("not json: [EMAIL]");
    }
}
