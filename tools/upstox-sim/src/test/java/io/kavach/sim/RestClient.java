package io.kavach.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A JDK HttpClient speaking to the simulator like an Upstox client would; test-thread only. */
final class RestClient {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    record Answer(int status, JsonNode body, String raw) {
        String errorCode() {
            return body.path("errors").path(0).path("error_code").asText();
        }
    }

    private final UpstoxSimulator sim;
    private final HttpClient http;
    private final String token;

    RestClient(final UpstoxSimulator sim, final String token) {
        this.sim = sim;
        this.token = token;
        final HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (sim.tls()) {
            b.sslContext(sim.clientSslContext());
        }
        this.http = b.build();
    }

    Answer get(final String pathAndQuery) throws Exception {
        return send(request(sim.apiBaseUrl() + pathAndQuery, DEFAULT_TIMEOUT).GET().build());
    }

    Answer place(final String json) throws Exception {
        return place(json, DEFAULT_TIMEOUT);
    }

    Answer place(final String json, final Duration timeout) throws Exception {
        return send(request(sim.orderBaseUrl() + "/v3/order/place", timeout)
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Answer modify(final String json) throws Exception {
        return send(request(sim.orderBaseUrl() + "/v3/order/modify", DEFAULT_TIMEOUT)
            .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Answer cancel(final String orderId) throws Exception {
        return send(request(sim.orderBaseUrl() + "/v3/order/cancel?order_id=" + orderId, DEFAULT_TIMEOUT).DELETE().build());
    }

    Answer send(final HttpRequest request) throws Exception {
        final HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (Exception e) {
            body = JSON.createObjectNode();
        }
        return new Answer(r.statusCode(), body, r.body());
    }

    HttpRequest.Builder request(final String url, final Duration timeout) {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    /** A v3 place body with every documented field. */
    static String order(final String key, final String side, final String type, final double price, final double trigger,
                        final long quantity, final String tag) {
        return String.format("{\"quantity\":%d,\"product\":\"I\",\"validity\":\"DAY\",\"price\":%s,\"tag\":%s,"
                + "\"instrument_token\":\"%s\",\"order_type\":\"%s\",\"transaction_type\":\"%s\",\"disclosed_quantity\":0,"
                + "\"trigger_price\":%s,\"is_amo\":false}", quantity, price, tag == null ? "null" : "\"" + tag + "\"",
            key, type, side, trigger);
    }

    HttpClient http() {
        return http;
    }
}
