package dev.switchboard.routing;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Set;

/**
 * What the router decided for one request and why: the body of {@code POST /v1/route}, the
 * summary behind the {@code x-switchboard-route} response header and the usage record's route reason.
 *
 * @param chosen            the model to plan, as the client would have named it
 * @param profile           the routing profile used
 * @param task              the task recognised (or given as a hint)
 * @param taskReason        what settled the task
 * @param qualityWeight     the weight the candidates were ranked with
 * @param features          what was read off the request
 * @param filters           candidates excluded, each with its reason, in pipeline order
 * @param ranked            the remaining candidates, best first
 * @param reason            one line on why the winner won
 * @param sensitiveProviders when sensitive data was found, the only providers the request may reach; null otherwise
 */
@JsonPropertyOrder({"chosen", "profile", "task", "task_reason", "quality_weight", "reason", "features", "filters", "ranked"})
public record Decision(@JsonProperty("chosen") String chosen, @JsonProperty("profile") String profile,
                       @JsonIgnore Task task, @JsonProperty("task_reason") String taskReason,
                       @JsonProperty("quality_weight") double qualityWeight, @JsonProperty("features") Features features,
                       @JsonProperty("filters") List<String> filters, @JsonProperty("ranked") List<Scored> ranked,
                       @JsonProperty("reason") String reason, @JsonIgnore Set<String> sensitiveProviders) {

    public Decision {
        filters = List.copyOf(filters);
        ranked = List.copyOf(ranked);
    }

    @JsonProperty("task")
    public String taskName() {
        return task.wireName();
    }

    /** For the response header and the usage record: {@code model=...; task=...; profile=...; reason=...}. */
    public String summary() {
        return "model=" + chosen + "; task=" + task.wireName() + "; profile=" + profile + "; reason=" + reason;
    }

    /**
     * One ranked candidate.
     *
     * @param quality   predicted quality; null when the predictor had none for it
     * @param latencyMs observed latency; null when unknown
     */
    @JsonPropertyOrder({"model", "quality", "cost_usd", "latency_ms", "utility"})
    public record Scored(@JsonProperty("model") String model, @JsonProperty("quality") Double quality,
                         @JsonProperty("cost_usd") double costUsd, @JsonProperty("latency_ms") Double latencyMs,
                         @JsonProperty("utility") double utility) {
    }
}
