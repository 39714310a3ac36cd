package io.jitgate.credentials;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The gateway's per-call Vault requests (issuing credentials, revoking a lease), sent without
 * blocking with Vert.x's HTTP client: called on an event loop, a request is written and answered on
 * that same event loop (no worker thread, no blocking socket). Connections are kept alive and pooled,
 * so a call costs one request on an open connection, as a direct client's would.
 *
 * <p>Every request may take {@link VaultSettings#timeout()} to connect and then as long between two
 * reads. A 2xx answer is parsed as JSON (a 204 is an empty object); anything else fails with a
 * {@link VaultRequestException} carrying the status (0 when no answer came) and Vault's error text,
 * never the request or answer body of a successful request, which holds secrets. HTTPS addresses use
 * the JVM's trust store and verify the host name.
 */
public final class VaultHttp implements AutoCloseable {
    /** Idle pooled connections are closed before Vault's own idle timeout (OpenBao: 5 min) could close them under a request. */
    static final int KEEP_ALIVE_SECONDS = 30;
    /** At most this many connections to Vault; further requests wait for one. */
    static final int MAX_CONNECTIONS = 32;

    private final HttpClient client;
    private final String address;
    private final String base;
    private final long timeoutMs;

    public VaultHttp(Vertx vertx, VaultSettings settings) {
        this.timeoutMs = settings.timeout().toMillis();
        String address = settings.address().toString();
        this.address = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
        this.base = this.address + "/v1/";
        boolean tls = "https".equalsIgnoreCase(settings.address().getScheme());
        this.client = vertx.createHttpClient(new HttpClientOptions()
                        .setSsl(tls).setVerifyHost(true)
                        .setKeepAlive(true).setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs)),
                new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS));
    }

    /**
     * Sends {@code body} to {@code path} (below {@code /v1/}) with the gateway's {@code token}; the
     * answer's JSON body on 2xx, else a failed future with a {@link VaultRequestException}.
     */
    public Future<JsonObject> post(String path, JsonObject body, String token) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(base + path)
                .setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs)
                .putHeader("X-Vault-Token", token).putHeader("X-Vault-Request", "true")
                .putHeader("Content-Type", "application/json");
        return client.request(options)
                .compose(request -> request.send(body.toBuffer()))
                .compose(response -> response.body().map(answer -> answer(path, response.statusCode(), answer)))
                .recover(cause -> Future.failedFuture(cause instanceof VaultRequestException ? cause : noAnswer(path, cause)));
    }

    /** What a finished exchange means: the JSON answer, or why it is not one. */
    static JsonObject answer(String path, int status, Buffer body) {
        if (status / 100 != 2) {
            throw new VaultRequestException(status, "Vault answered " + status + " for " + path + ": " + errors(body));
        }
        if (body == null || body.length() == 0) {
            return new JsonObject();
        }
        try {
            return new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            // the body of a successful answer may hold secrets: it is never quoted
            throw new VaultRequestException(VaultRequestException.BAD_ANSWER, "Vault's answer for " + path + " is not a JSON object");
        }
    }

    /** Vault's error texts ({@code {"errors": [...]}}), or the body as it came, or {@code (no body)}. */
    static String errors(Buffer body) {
        if (body == null || body.length() == 0) {
            return "(no body)";
        }
        String text = body.toString().trim();
        try {
            JsonArray errors = new JsonObject(text).getJsonArray("errors");
            if (errors != null && !errors.isEmpty()) {
                return String.join("; ", errors.stream().map(String::valueOf).toList());
            }
        } catch (RuntimeException notJson) {
            // an error page from a proxy: shown as it came, shortened
        }
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private VaultRequestException noAnswer(String path, Throwable cause) {
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new VaultRequestException(VaultRequestException.NO_ANSWER, "no answer from Vault at " + address + " for " + path + " (" + why + ")");
    }

    @Override
    public void close() {
        client.close();
    }
}
