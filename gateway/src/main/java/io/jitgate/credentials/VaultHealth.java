package io.jitgate.credentials;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * What the gateway knows about its own Vault identity, for {@code /healthz}.
 *
 * @param status  {@code starting}, {@code ok}, {@code unreachable} (no answer, or 5xx) or {@code login_failed}
 *                (Vault answered and refused the AppRole login)
 * @param since   when the status last changed
 * @param detail  why, in words safe to show (no token, no secret id)
 * @param tokenExpiresAt when the gateway's token expires if not renewed; null when not logged in
 */
public record VaultHealth(String status, Instant since, String detail, Instant tokenExpiresAt) {
    public static final String STARTING = "starting";
    public static final String OK = "ok";
    public static final String UNREACHABLE = "unreachable";
    public static final String LOGIN_FAILED = "login_failed";

    public boolean ok() {
        return OK.equals(status);
    }

    public JsonObject toJson() {
        return new JsonObject().put("status", status).put("since", since.toString()).put("detail", detail)
                .put("tokenExpiresAt", tokenExpiresAt == null ? null : tokenExpiresAt.toString());
    }
}
