package io.jitgate.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line format of the attribution log and its hash chain. A line is a JSON object whose
 * second-to-last field is {@code prevHash} (the hash of the line before, or {@link #GENESIS}) and
 * whose last field is {@code hash}: SHA-256 over the exact bytes of the line without its hash field.
 * Hashing the bytes as written, not a re-encoding, keeps verification independent of JSON libraries.
 */
public final class HashChain {
    /** The {@code prevHash} of the first record of a chain. */
    public static final String GENESIS = "0".repeat(64);
    private static final Pattern HASH_SUFFIX = Pattern.compile(",\"hash\":\"([0-9a-f]{64})\"}$");
    private static final Pattern PREV = Pattern.compile(",\"prevHash\":\"([0-9a-f]{64})\"$");

    private HashChain() {
    }

    /** A sealed line (without newline) and its hash. */
    public record Sealed(String line, String hash) {
    }

    /**
     * Seals an encoded record (a JSON object without {@code prevHash}/{@code hash}) onto the chain.
     * Returns the full line (without newline); its hash is {@link #hashOf(String)}.
     */
    public static String seal(String encodedRecord, String prevHash) {
        return sealed(encodedRecord, prevHash).line();
    }

    /** Seals a record onto the chain and returns the line with its hash (no need to parse it back). */
    public static Sealed sealed(String encodedRecord, String prevHash) {
        if (!encodedRecord.startsWith("{") || !encodedRecord.endsWith("}")) {
            throw new IllegalArgumentException("record must be a JSON object");
        }
        int open = encodedRecord.length() - 1;
        StringBuilder body = new StringBuilder(open + 160).append(encodedRecord, 0, open);
        if (open > 1) {
            body.append(',');
        }
        body.append("\"prevHash\":\"").append(prevHash).append("\"}");
        String hash = sha256(body.toString());
        body.setLength(body.length() - 1);
        return new Sealed(body.append(",\"hash\":\"").append(hash).append("\"}").toString(), hash);
    }

    /** The hash a sealed line claims, if the line has the sealed shape. */
    public static Optional<String> hashOf(String line) {
        Matcher m = HASH_SUFFIX.matcher(line);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Checks one sealed line against the hash of the line before; returns a problem, or empty. */
    public static Optional<String> check(String line, String expectedPrev) {
        Matcher m = HASH_SUFFIX.matcher(line);
        if (!m.find()) {
            return Optional.of("line is not a sealed record (no trailing hash field)");
        }
        String claimed = m.group(1);
        String body = line.substring(0, m.start()) + "}";
        Matcher prev = PREV.matcher(line.substring(0, m.start()));
        if (!prev.find()) {
            return Optional.of("line has no prevHash field before its hash");
        }
        if (!prev.group(1).equals(expectedPrev)) {
            return Optional.of("prevHash " + abbreviate(prev.group(1)) + " does not match the previous record's hash "
                    + abbreviate(expectedPrev) + " (a record before it was removed, reordered or changed)");
        }
        if (!sha256(body).equals(claimed)) {
            return Optional.of("content does not match its hash (the record was edited)");
        }
        return Optional.empty();
    }

    /** SHA-256 of the UTF-8 bytes of {@code text}, as lowercase hex. */
    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String hash) {
        return hash.substring(0, 12) + "…";
    }
}
