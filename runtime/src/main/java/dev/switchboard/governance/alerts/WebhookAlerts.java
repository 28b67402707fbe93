package dev.switchboard.governance.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.config.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each alert as JSON to {@code governance.alerts.webhook_url}, each on its own virtual
 * thread so no request waits for the receiver. Delivery is best effort: a failure is logged (with
 * the receiver's host only, since webhook URLs often carry a token) and not retried.
 */
public final class WebhookAlerts implements AlertSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookAlerts.class);
    // A receiver slower than this is treated as down; the alert is logged as lost.
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** @throws ConfigException naming {@code governance.alerts.webhook_url} when it is not an http(s) URL */
    public WebhookAlerts(String url) {
        URI parsed;
        try {
            parsed = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("governance.alerts.webhook_url: not a URL");
        }
        if (!("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme())) || parsed.getHost() == null) {
            throw new ConfigException("governance.alerts.webhook_url: expected an http:// or https:// URL");
        }
        this.url = parsed;
    }

    @Override
    public void send(BudgetAlert alert) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(alert);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a budget alert always serialises", e);
        }
        Thread.ofVirtual().name("budget-alert").start(() -> post(alert, body));
    }

    private void post(BudgetAlert alert, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 300) {
                LOG.warn("Budget alert for {} at {}% was refused by {}: HTTP {}", alert.budgetId(), alert.threshold(),
                        url.getHost(), response.statusCode());
            }
        } catch (IOException e) {
            LOG.warn("Budget alert for {} at {}% could not be delivered to {}: {}", alert.budgetId(), alert.threshold(),
                    url.getHost(), e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
