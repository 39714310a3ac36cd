package io.jitgate.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Fetches an identity provider's signing keys (a JWKS document). Blocking: call it off the event loop. */
public final class JwksKeys {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private JwksKeys() {
    }

    public static List<JsonObject> fetch(URI url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("JWKS at " + url + " answered HTTP " + response.statusCode());
        }
        JsonArray keys = new JsonObject(response.body()).getJsonArray("keys", new JsonArray());
        List<JsonObject> out = new ArrayList<>();
        keys.forEach(k -> {
            if (k instanceof JsonObject key) {
                out.add(key);
            }
        });
        if (out.isEmpty()) {
            throw new IOException("JWKS at " + url + " has no keys");
        }
        return out;
    }
}
