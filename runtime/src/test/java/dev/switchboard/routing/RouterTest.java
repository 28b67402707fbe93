package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.auth.Caller;
import dev.switchboard.catalog.Capabilities;
import dev.switchboard.catalog.CatalogEntry;
import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.catalog.Pricing;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.error.GatewayException;
import dev.switchboard.governance.privacy.Redactor;
import dev.switchboard.deployment.Deployment;
import dev.switchboard.deployment.ModelTable;
import dev.switchboard.routing.classify.TaskClassifier;
import dev.switchboard.routing.embed.PromptEmbedder;
import dev.switchboard.routing.quality.QualityPredictor;
import dev.switchboard.testing.NamedProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The pipeline after the classifier, with a constant embedder and hand-set predictions. Three
 * models at catalog prices ($ per million input / output): cheap 0.1/0.4 (8k context, no tools, no
 * vision), mid 1/4 (tools), best 10/40 (128k context, tools, vision); {@code local} serves only
 * on the provider allowed to receive sensitive data.
 */
class RouterTest {
    private static final PromptEmbedder CONSTANT = prompt -> {
        float[] v = new float[PromptEmbedder.DIMENSIONS];
        v[0] = 1;
        return v;
    };
    private static final TaskClassifier CLASSIFIER = TaskClassifier.load(CONSTANT);
    private static final QualityPredictor PREDICTED = (embedding, task, models) ->
            Map.of("cheap", 0.3, "mid", 0.6, "best", 0.9, "local", 0.5);

    private final ModelTable models = models();

    private static ModelTable models() {
        Map<String, List<Deployment>> declared = new LinkedHashMap<>();
        declared.put("cheap", deployment("hosted", "cheap", 8_000, Capabilities.NONE, "0.1", "0.4"));
        declared.put("mid", deployment("hosted", "mid", 32_000, new Capabilities(true, false, false, false, false), "1", "4"));
        declared.put("best", deployment("hosted", "best", 128_000, new Capabilities(true, true, true, false, false), "10", "40"));
        declared.put("local", deployment("ollama", "local", 32_000, Capabilities.NONE, "0", "0"));
        return new ModelTable(Map.of(), declared, Map.of(), ModelCatalog.of(List.of()));
    }

    private static List<Deployment> deployment(String provider, String model, int window, Capabilities capabilities, String in, String out) {
        CatalogEntry entry = new CatalogEntry(provider + "/" + model, provider, model, CatalogEntry.Mode.CHAT, window, 4_096,
                capabilities, Pricing.perMillion(in, out, null, null), null);
        return List.of(new Deployment(new NamedProvider(provider), model, 1, Optional.of(entry)));
    }

    private Router router(QualityPredictor predictor, Profile profile) {
        return new Router(CONSTANT, CLASSIFIER, predictor, models, d -> Router.Health.Status.UNKNOWN,
                d -> d.provider().name().equals("ollama"), new Redactor(), Map.of(profile.name(), profile), profile);
    }

    private static Profile profile(double weight, String... candidates) {
        return new Profile("test", List.of(candidates), weight, null, null);
    }

    private static ChatRequest ask(String text) {
        return request(text, List.of(), List.of(ChatRequest.Text.of(text)));
    }

    private static ChatRequest request(String text, List<ChatRequest.Tool> tools, List<ChatRequest.Part> parts) {
        return new ChatRequest("auto", List.of(), List.of(new ChatRequest.Message(ChatRequest.Role.USER, parts)), tools, null,
                null, null, null, null, null, List.of(), null, null, false, null, null);
    }

    private static final Hints CHAT = new Hints(Task.CHAT, null, null, java.util.Set.of(), null);

    @Test
    void weightZeroPicksTheCheapest() {
        Decision d = router(PREDICTED, profile(0, "best", "mid", "cheap")).route(ask("hello"), "auto", CHAT, Caller.UNGOVERNED);
        assertThat(d.chosen()).isEqualTo("cheap");
    }

    @Test
    void weightOnePicksTheBestPredicted() {
        Decision d = router(PREDICTED, profile(1, "cheap", "mid", "best")).route(ask("hello"), "auto", CHAT, Caller.UNGOVERNED);
        assertThat(d.chosen()).isEqualTo("best");
        assertThat(d.ranked()).extracting(Decision.Scored::model).containsExactly("best", "mid", "cheap");
    }

    @Test
    void aQualityWeightHintWinsOverTheProfiles() {
        Hints bestPlease = new Hints(Task.CHAT, null, null, java.util.Set.of(), 1.0);
        Decision d = router(PREDICTED, profile(0, "cheap", "best")).route(ask("hello"), "auto", bestPlease, Caller.UNGOVERNED);
        assertThat(d.qualityWeight()).isEqualTo(1.0);
        assertThat(d.chosen()).isEqualTo("best");
    }

    @Test
    void maxCostExcludesDearerModels() {
        // "hello" is 6 chars = 1 prompt token; chat expects 400 output tokens: best costs (1·10 + 400·40)/1e6 = $0.01601,
        // mid (1·1 + 400·4)/1e6 = $0.001601.
        Hints capped = new Hints(Task.CHAT, 0.01, null, java.util.Set.of(), 1.0);
        Decision d = router(PREDICTED, profile(1, "cheap", "mid", "best")).route(ask("hello"), "auto", capped, Caller.UNGOVERNED);
        assertThat(d.ranked().get(0).costUsd()).isCloseTo(0.001601, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(d.chosen()).isEqualTo("mid");
        assertThat(d.filters()).anyMatch(f -> f.startsWith("best: predicted cost 0.016010"));
    }

    @Test
    void aMaxCostNoCandidateMeetsIsABadRequestNamingTheHint() {
        Hints capped = new Hints(Task.CHAT, 0.000001, null, java.util.Set.of(), null);
        assertThatThrownBy(() -> router(PREDICTED, profile(1, "mid", "best")).route(ask("hello"), "auto", capped, Caller.UNGOVERNED))
                .isInstanceOf(GatewayException.InvalidRequest.class).hasMessageContaining("max_cost");
    }

    @Test
    void aToolsRequestSkipsAModelWithoutTools() {
        ChatRequest withTools = request("weather?", List.of(new ChatRequest.Tool("get_weather", "the weather", null, null)),
                List.of(ChatRequest.Text.of("weather?")));
        Decision d = router(PREDICTED, profile(0, "cheap", "mid")).route(withTools, "auto", Hints.NONE, Caller.UNGOVERNED);
        assertThat(d.task()).isEqualTo(Task.TOOL_USE);
        assertThat(d.chosen()).isEqualTo("mid");
        assertThat(d.filters()).containsExactly("cheap: no tools");
    }

    @Test
    void aLongPromptSkipsSmallContextWindows() {
        // 40,000 characters = 10,000 estimated tokens: over cheap's 8k window, within mid's 32k.
        Decision d = router(PREDICTED, profile(0, "cheap", "mid")).route(ask("x".repeat(40_000)), "auto", CHAT, Caller.UNGOVERNED);
        assertThat(d.chosen()).isEqualTo("mid");
        assertThat(d.filters()).containsExactly("cheap: context window 8000 < 10000 prompt tokens");
    }

    @Test
    void anImageSkipsModelsWithoutVision() {
        ChatRequest image = request("what is this?", List.of(), List.of(ChatRequest.Text.of("what is this?"),
                new ChatRequest.Image("https://example.com/cat.png", null, null, null, null)));
        Decision d = router(PREDICTED, profile(0, "cheap", "mid", "best")).route(image, "auto", CHAT, Caller.UNGOVERNED);
        assertThat(d.chosen()).isEqualTo("best");
    }

    @Test
    void aPromptWithAnEmailGoesOnlyToTheDeploymentAllowedSensitiveData() {
        Decision d = router(PREDICTED, profile(1, "best", "local")).route(ask("Write to jane.doe@example.com about the invoice"),
                "auto", CHAT, Caller.UNGOVERNED);
        assertThat(d.chosen()).isEqualTo("local");
        assertThat(d.features().sensitive()).containsExactly(Redactor.EMAIL);
        assertThat(d.sensitiveProviders()).containsExactly("ollama");
        assertThat(d.filters()).containsExactly("best: not allowed to receive sensitive data");
    }

    @Test
    void aSensitivePromptWithNoAllowedCandidateIsRefused() {
        assertThatThrownBy(() -> router(PREDICTED, profile(1, "best", "mid")).route(ask("my card is 4111 1111 1111 1111"),
                "auto", CHAT, Caller.UNGOVERNED))
                .isInstanceOf(GatewayException.Forbidden.class).hasMessageContaining("sensitive data ([CARD])");
    }

    @Test
    void withoutAnyPredictionTheCheapestIsChosenWhateverTheWeight() {
        QualityPredictor none = (embedding, task, names) -> Map.of();
        Decision d = router(none, profile(1, "best", "mid", "cheap")).route(ask("hello"), "auto", CHAT, Caller.UNGOVERNED);
        assertThat(d.chosen()).isEqualTo("cheap");
        assertThat(d.reason()).isEqualTo("no quality predictions, cheapest");
    }

    @Test
    void anUnknownProfileIsABadRequestNamingTheKnownOnes() {
        assertThatThrownBy(() -> router(PREDICTED, profile(1, "best")).route(ask("hello"), "auto:nope", CHAT, Caller.UNGOVERNED))
                .isInstanceOf(GatewayException.InvalidRequest.class).hasMessageContaining("'nope' (known: test)");
    }

    @Test
    void onlyAutoAndAutoColonNamesAreRouted() {
        assertThat(Router.isAuto("auto")).isTrue();
        assertThat(Router.isAuto("auto:cheap")).isTrue();
        assertThat(Router.isAuto("automatic")).isFalse();
        assertThat(Router.isAuto("gpt-4o")).isFalse();
    }
}
