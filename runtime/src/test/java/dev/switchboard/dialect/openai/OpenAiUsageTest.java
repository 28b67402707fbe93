package dev.switchboard.http.openai;

import dev.switchboard.dialect.openai.OpenAiUsage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.switchboard.testing.OpenAiUpstream;
import dev.switchboard.usage.TokenUsage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpenAiUsageTest {

    private static OpenAiUsage.Found scan(String json) {
        return OpenAiUsage.scan(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void openai_usage_details_are_read() {
        OpenAiUsage.Found found = scan("""
                {"choices":[{"index":0}],"usage":{"prompt_tokens":2006,"completion_tokens":300,"total_tokens":2306,
                 "prompt_tokens_details":{"cached_tokens":1920},"completion_tokens_details":{"reasoning_tokens":256}}}""");

        assertThat(found.usage()).isEqualTo(new TokenUsage(2006, 1920, 0, 300, 256));
        assertThat(found.choicesEmpty()).isFalse();
    }

    @Test
    void deepseek_cache_hit_counters_are_read() {
        OpenAiUsage.Found found = scan("""
                {"usage":{"prompt_tokens":100,"completion_tokens":5,"total_tokens":105,"prompt_cache_hit_tokens":64,"prompt_cache_miss_tokens":36}}""");

        assertThat(found.usage()).isEqualTo(new TokenUsage(100, 64, 0, 5, 0));
    }

    @Test
    void a_parsed_usage_tree_is_read_with_the_same_spellings_as_the_byte_scan() throws Exception {
        var tree = new ObjectMapper().readTree("""
                {"prompt_tokens":100,"completion_tokens":40,"prompt_cache_hit_tokens":64,
                 "prompt_tokens_details":{"cache_write_tokens":30},"completion_tokens_details":{"reasoning_tokens":12}}""");

        assertThat(OpenAiUsage.of(tree)).isEqualTo(new TokenUsage(100, 64, 30, 40, 12));
        assertThat(OpenAiUsage.of(NullNode.instance)).isNull();
    }

    @Test
    void a_null_usage_is_no_usage() {
        assertThat(scan("{\"choices\":[],\"usage\":null}").usage()).isNull();
        assertThat(scan("not json").usage()).isNull();
    }

    /** Regression (issue 14): the scan stopped at the object's end, so what followed it reached the client unread. */
    @Test
    void a_recorded_completion_followed_by_anything_is_not_json() {
        String completion = OpenAiUpstream.payload("chat-completion.json");

        assertThat(scan(completion).usage()).isNotNull();
        assertThat(scan(completion + "\n" + completion)).isSameAs(OpenAiUsage.Found.NOT_JSON);
        assertThat(scan(completion + "data: [DONE]")).isSameAs(OpenAiUsage.Found.NOT_JSON);
    }

    @Test
    void inconsistent_vendor_counters_are_clamped_rather_than_failing_the_answer() {
        OpenAiUsage.Found found = scan("{\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2,\"prompt_tokens_details\":{\"cached_tokens\":50},\"completion_tokens_details\":{\"reasoning_tokens\":9}}}");

        assertThat(found.usage()).isEqualTo(new TokenUsage(10, 10, 0, 2, 2));
    }

    @Test
    void the_cost_is_spliced_into_the_usage_object_and_nowhere_else() {
        String json = "{\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2},\"x\":{\"usage\":{}}}";
        OpenAiUsage.Found found = scan(json);

        byte[] priced = OpenAiUsage.withCost(json.getBytes(StandardCharsets.UTF_8), found, new BigDecimal("0.000123"));

        assertThat(new String(priced, StandardCharsets.UTF_8))
                .isEqualTo("{\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"cost_usd\":0.000123},\"x\":{\"usage\":{}}}");
        assertThat(found.choicesEmpty()).isTrue();
    }

    @Test
    void an_empty_usage_object_gets_the_cost_without_a_comma() {
        String json = "{\"usage\":{}}";

        byte[] priced = OpenAiUsage.withCost(json.getBytes(StandardCharsets.UTF_8), scan(json), BigDecimal.ZERO);

        assertThat(new String(priced, StandardCharsets.UTF_8)).isEqualTo("{\"usage\":{\"cost_usd\":0}}");
    }
}
