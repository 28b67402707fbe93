package dev.switchboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.NotFoundException;
import com.anthropic.models.models.ModelInfo;
import com.anthropic.models.models.ModelListParams;
import dev.switchboard.testing.RunningGateway;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Anthropic clients list models and read errors in Anthropic's shapes, on the paths they share with OpenAI clients. */
class AnthropicModelsTest {
    private static RunningGateway gateway;
    private static AnthropicClient client;

    @BeforeAll
    static void start() {
        gateway = RunningGateway.start("aliases:\n  sonnet: mock\n");
        client = AnthropicOkHttpClient.builder().baseUrl(gateway.baseUrl()).apiKey("unused").build();
    }

    @AfterAll
    static void stop() {
        client.close();
        gateway.close();
    }

    @Test
    void the_anthropic_sdk_lists_the_gateways_models() {
        List<String> ids = new ArrayList<>();
        client.models().list().autoPager().forEach(model -> ids.add(model.id()));

        assertThat(ids).containsExactly("mock", "mock-embedding", "sonnet");
    }

    @Test
    void the_anthropic_sdk_pages_through_the_models_one_at_a_time() {
        List<String> ids = new ArrayList<>();
        client.models().list(ModelListParams.builder().limit(1L).build()).autoPager().forEach(model -> ids.add(model.id()));

        assertThat(ids).containsExactly("mock", "mock-embedding", "sonnet");
    }

    @Test
    void paging_after_an_unknown_id_ends_instead_of_starting_over() {
        HttpResponse<String> response = gateway.get("/v1/models?after_id=gone", "anthropic-version", "2023-06-01");

        assertThat(response.body()).isEqualTo("{\"data\":[],\"has_more\":false,\"first_id\":null,\"last_id\":null}");
    }

    @Test
    void the_anthropic_sdk_retrieves_a_model_by_alias() {
        ModelInfo model = client.models().retrieve("sonnet");

        assertThat(model.id()).isEqualTo("sonnet");
        assertThat(model.displayName()).isEqualTo("sonnet");
    }

    @Test
    void an_unknown_model_is_an_anthropic_not_found_error() {
        assertThatThrownBy(() -> client.models().retrieve("claude-nope"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("claude-nope");
    }

    @Test
    void openai_clients_still_get_openais_shape_on_the_same_path() {
        HttpResponse<String> response = gateway.get("/v1/models");

        assertThat(response.body()).startsWith("{\"object\":\"list\"");
    }
}
