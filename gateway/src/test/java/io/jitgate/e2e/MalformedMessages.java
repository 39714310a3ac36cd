package io.jitgate.e2e;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Generates hostile MCP messages from a seed: truncated, random bytes, deeply nested, oversized,
 * wrong-typed envelopes and params, and requests out of order. None of them is a valid call of an
 * existing tool, so none may reach Vault or AWS.
 */
final class MalformedMessages {
    private static final String[] METHODS = {"tools/call", "tools/list", "initialize", "ping", "notifications/cancelled",
        "logging/setLevel", "resources/list", "", "tools/call\u0000", "ツール"};
    private static final String VALID = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\",\"arguments\":{}}}";
    private final Random random;

    MalformedMessages(long seed) {
        this.random = new Random(seed);
    }

    byte[] next() {
        return switch (random.nextInt(9)) {
            case 0 -> VALID.substring(0, random.nextInt(VALID.length() - 1)).getBytes(StandardCharsets.UTF_8);
            case 1 -> randomBytes(random.nextInt(200));
            case 2 -> nested(1_000 + random.nextInt(20_000));
            case 3 -> wrongEnvelope();
            case 4 -> wrongParams();
            case 5 -> unknownTool();
            case 6 -> ("[" + wrongEnvelope0() + "," + VALID + "]").getBytes(StandardCharsets.UTF_8);
            case 7 -> ("{\"jsonrpc\":\"2.0\",\"id\":" + random.nextInt() + ",\"method\":\"tools/list\",\"params\":{\"cursor\":\""
                    + randomText(20) + "\"}}").getBytes(StandardCharsets.UTF_8);
            default -> ("{\"jsonrpc\":\"2.0\",\"method\":\"" + METHODS[random.nextInt(METHODS.length)] + "\",\"params\":{\"requestId\":"
                    + random.nextInt(5) + "}}").getBytes(StandardCharsets.UTF_8);
        };
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private byte[] nested(int depth) {
        StringBuilder sb = new StringBuilder(depth * 2 + 64);
        boolean arrays = random.nextBoolean();
        sb.append("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\",\"arguments\":{\"x\":");
        for (int i = 0; i < depth; i++) {
            sb.append(arrays ? "[" : "{\"a\":");
        }
        for (int i = 0; i < depth; i++) {
            sb.append(arrays ? "]" : "}");
        }
        return sb.append("}}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] wrongEnvelope() {
        return wrongEnvelope0().getBytes(StandardCharsets.UTF_8);
    }

    private String wrongEnvelope0() {
        String[] ids = {"null", "{}", "[]", "true", "1.5e400", "\"" + randomText(5) + "\""};
        String[] versions = {"\"1.0\"", "2", "null", "\"2.0 \""};
        String[] methods = {"123", "null", "[]", "{}"};
        return switch (random.nextInt(3)) {
            case 0 -> "{\"jsonrpc\":\"2.0\",\"id\":" + ids[random.nextInt(ids.length)] + ",\"method\":\"ping\"}";
            case 1 -> "{\"jsonrpc\":" + versions[random.nextInt(versions.length)] + ",\"id\":1,\"method\":\"ping\"}";
            default -> "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":" + methods[random.nextInt(methods.length)] + "}";
        };
    }

    private byte[] wrongParams() {
        String[] params = {"\"x\"", "[1,2]", "1", "{\"name\":5}", "{\"name\":\"whoami\",\"arguments\":[1]}",
            "{\"name\":\"whoami\",\"arguments\":\"{}\"}", "{\"name\":null}", "{\"name\":\"s3_read_object\",\"arguments\":{\"bucket\":1}}"};
        return ("{\"jsonrpc\":\"2.0\",\"id\":" + random.nextInt(1000) + ",\"method\":\"" + METHODS[random.nextInt(3)] + "\",\"params\":"
                + params[random.nextInt(params.length)] + "}").getBytes(StandardCharsets.UTF_8);
    }

    private byte[] unknownTool() {
        return ("{\"jsonrpc\":\"2.0\",\"id\":\"" + randomText(8) + "\",\"method\":\"tools/call\",\"params\":{\"name\":\""
                + randomText(1 + random.nextInt(300)) + "\",\"arguments\":{}}}").getBytes(StandardCharsets.UTF_8);
    }

    private String randomText(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(5) == 0 ? 0x3040 + random.nextInt(96) : 'a' + random.nextInt(26);
            sb.append((char) c);
        }
        return sb.toString();
    }
}
