package io.jitgate.cli;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jitgate tiers list|set TOOL TIER}: operators read and change approval tiers through the
 * admin API of a running gateway ({@code JITGATE_ADMIN_URL}, {@code JITGATE_ADMIN_TOKEN}; the dev
 * stack writes both to {@code .jitgate/dev/admin.env}).
 */
@Command(name = "tiers", mixinStandardHelpOptions = true, description = "Read and change approval tiers of a running gateway.",
        subcommands = {TiersCommand.ListTiers.class, TiersCommand.SetTier.class})
final class TiersCommand {
    static class Target {
        @Option(names = "--url", defaultValue = "${env:JITGATE_ADMIN_URL}", description = "the gateway's base URL (env JITGATE_ADMIN_URL)")
        String url;

        @Option(names = "--key", defaultValue = "${env:JITGATE_ADMIN_TOKEN}", description = "the operator key (env JITGATE_ADMIN_TOKEN)")
        String key;

        HttpResponse<String> send(String method, String path, String body) throws Exception {
            if (url == null || url.isBlank() || key == null || key.isBlank()) {
                throw new IllegalArgumentException("name the gateway and the operator key: --url and --key, or JITGATE_ADMIN_URL and "
                        + "JITGATE_ADMIN_TOKEN (source .jitgate/dev/admin.env)");
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Each tool's base tier, operator tier and tier in force.")
    static final class ListTiers extends Target implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            HttpResponse<String> response = send("GET", "/admin/tiers", null);
            if (response.statusCode() != 200) {
                System.err.println("jitgate: " + describe(response));
                return 1;
            }
            JsonObject tools = new JsonObject(response.body()).getJsonObject("tools");
            System.out.printf("%-24s %-8s %-9s %s%n", "tool", "base", "operator", "in force");
            tools.forEach(e -> {
                JsonObject t = (JsonObject) e.getValue();
                System.out.printf("%-24s %-8s %-9s %s%n", e.getKey(), t.getString("base"),
                        t.getString("operator") == null ? "-" : t.getString("operator"), t.getString("inForce"));
            });
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Set a tool's tier (auto, confirm, approve, deny) for the next call.")
    static final class SetTier extends Target implements Callable<Integer> {
        @Parameters(index = "0", description = "the tool")
        String tool;

        @Parameters(index = "1", description = "auto, confirm, approve or deny")
        String tier;

        @Option(names = "--operator", defaultValue = "${env:JITGATE_OPERATOR:-${sys:user.name}}", description = "who makes the change (recorded)")
        String operator;

        @Option(names = "--comment", description = "why (recorded)")
        String comment;

        @Override
        public Integer call() throws Exception {
            String body = new JsonObject().put("tier", tier).put("operator", operator).put("comment", comment).encode();
            HttpResponse<String> response = send("PUT", "/admin/tiers/" + java.net.URLEncoder.encode(tool, java.nio.charset.StandardCharsets.UTF_8), body);
            if (response.statusCode() != 200) {
                System.err.println("jitgate: " + describe(response));
                return 1;
            }
            JsonObject result = new JsonObject(response.body());
            System.out.println(result.getString("tool") + ": " + result.getString("from") + " -> " + result.getString("tier")
                    + " (by " + result.getString("operator") + ")");
            return 0;
        }
    }

    static String describe(HttpResponse<String> response) {
        try {
            JsonObject error = new JsonObject(response.body());
            return error.getString("error", "HTTP " + response.statusCode())
                    + (error.getString("detail") == null ? "" : ": " + error.getString("detail"));
        } catch (RuntimeException notJson) {
            return "HTTP " + response.statusCode();
        }
    }
}
