package io.jitgate.mcp;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Session ids that any gateway instance holding the same key can verify, so a client is not pinned
 * to the process that opened its session (see docs/adr/0002-verifiable-session-ids.md). An id is
 * {@code base64url(payload) "." base64url(HMAC-SHA256(key, payload))}; the payload names a digest
 * of the agent, the agreed protocol revision, the creation time and a random nonce.
 */
public final class SessionIds {
    /** What a verified id says. */
    public record Claims(String agentDigest, String protocolVersion, Instant createdAt) {
    }

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public SessionIds(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the session key must be at least 32 bytes, but was " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** A key for a single instance (sessions then do not survive a restart or move between instances). */
    public static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    public String mint(String agentId, String protocolVersion, Instant createdAt) {
        byte[] nonce = new byte[9];
        random.nextBytes(nonce);
        String payload = "1|" + agentDigest(agentId) + "|" + protocolVersion + "|" + createdAt.getEpochSecond() + "|" + B64.encodeToString(nonce);
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(bytes) + "." + B64.encodeToString(mac(bytes));
    }

    /** The claims of a genuine id, or empty for anything forged, truncated or malformed. */
    public Optional<Claims> verify(String id) {
        if (id == null || id.length() > 256) {
            return Optional.empty();
        }
        int dot = id.indexOf('.');
        if (dot <= 0 || dot == id.length() - 1) {
            return Optional.empty();
        }
        try {
            byte[] payload = B64D.decode(id.substring(0, dot));
            byte[] claimed = B64D.decode(id.substring(dot + 1));
            if (!MessageDigest.isEqual(claimed, mac(payload))) {
                return Optional.empty();
            }
            String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 5 || !"1".equals(parts[0])) {
                return Optional.empty();
            }
            return Optional.of(new Claims(parts[1], parts[2], Instant.ofEpochSecond(Long.parseLong(parts[3]))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String agentDigest(String agentId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(agentId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
