package dev.switchboard.governance.admin;

import dev.switchboard.governance.Governance;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.RunningGateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;

/** Talks HTTP to a running gateway's admin API with every method it uses, as one caller. */
final class AdminClient {
    static final String ADMIN_KEY = "bootstrap-admin-key-for-tests-0123456789";
    /** A gateway environment with the bootstrap key and a BYOK master key (32 zero bytes: tests only). */
    static final Map<String, String> ENV = Map.of(Governance.ADMIN_KEY_ENV, ADMIN_KEY,
            "SWITCHBOARD_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final RunningGateway gateway;
    private final String token;

    /** @param token the bearer token sent; null for none */
    AdminClient(RunningGateway gateway, String token) {
        this.gateway = gateway;
        this.token = token;
    }

    static AdminClient platform(RunningGateway gateway) {
        return new AdminClient(gateway, ADMIN_KEY);
    }

    HttpResponse<String> send(String method, String path, String body) {
        return send(method, path, body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json");
    }

    /** Sends a body of any type, e.g. a zipped skill as {@code application/zip}. */
    HttpResponse<String> send(String method, String path, byte[] body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends and expects {@code status}; the JSON body. */
    JsonNode expect(int status, String method, String path, String body) {
        HttpResponse<String> response = send(method, path, body);
        if (response.statusCode() != status) {
            throw new AssertionError(method + " " + path + ": expected " + status + ", got " + response.statusCode() + " " + response.body());
        }
        return json(response.body());
    }

    JsonNode get(String path) {
        return expect(200, "GET", path, null);
    }

    static JsonNode json(String text) {
        try {
            return text.isEmpty() ? JSON.missingNode() : JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
