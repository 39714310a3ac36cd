package io.jitgate.cli;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jitgate approvals list|approve ID|deny ID}: operators see held calls and decide them
 * through the admin API of a running gateway ({@code JITGATE_ADMIN_URL}, {@code JITGATE_ADMIN_TOKEN};
 * the dev stack writes both to {@code .jitgate/dev/admin.env}).
 */
@Command(name = "approvals", mixinStandardHelpOptions = true, description = "List held calls of a running gateway, approve or deny them.",
        subcommands = {ApprovalsCommand.ListApprovals.class, ApprovalsCommand.Approve.class, ApprovalsCommand.Deny.class})
final class ApprovalsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Held calls: id, agent, user, tool, arguments, intent.")
    static final class ListApprovals extends TiersCommand.Target implements Callable<Integer> {
        @Option(names = "--status", defaultValue = "pending", description = "pending (default), approved, denied, timed_out, used, withdrawn or all")
        String status;

        @Option(names = "--json", description = "print the admin API's JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            HttpResponse<String> response = send("GET", "/admin/approvals?status=" + URLEncoder.encode(status, StandardCharsets.UTF_8), null);
            if (response.statusCode() != 200) {
                System.err.println("jitgate: " + TiersCommand.describe(response));
                return 1;
            }
            JsonObject body = new JsonObject(response.body());
            if (json) {
                System.out.println(body.encodePrettily());
                return 0;
            }
            if (body.getInteger("count") == 0) {
                System.out.println("no " + ("all".equals(status) ? "" : status + " ") + "approvals");
                return 0;
            }
            body.getJsonArray("approvals").forEach(element -> {
                JsonObject a = (JsonObject) element;
                JsonObject intent = a.getJsonObject("intent", new JsonObject());
                System.out.printf("%s  %s  %s for %s  %s  expires %s%n", a.getString("id"), a.getString("status"), a.getString("agent"),
                        a.getString("user"), a.getString("tool"), a.getString("expiresAt"));
                System.out.printf("    arguments %s%n    purpose %s  task %s  prompt %s%n", a.getJsonObject("arguments"),
                        intent.getString("purpose"), intent.getString("taskId"), intent.getString("prompt"));
                if (a.getString("decidedBy") != null) {
                    System.out.printf("    decided by %s at %s%s%n", a.getString("decidedBy"), a.getString("decidedAt"),
                            a.getString("comment") == null ? "" : ": " + a.getString("comment"));
                }
            });
            return 0;
        }
    }

    abstract static class Decide extends TiersCommand.Target implements Callable<Integer> {
        @Parameters(index = "0", description = "the approval id (as `approvals list` shows it)")
        String id;

        @Option(names = "--operator", defaultValue = "${env:JITGATE_OPERATOR:-${sys:user.name}}", description = "who decides (recorded)")
        String operator;

        @Option(names = "--comment", description = "why (recorded, and shown to the agent on a denial)")
        String comment;

        abstract String decision();

        @Override
        public Integer call() throws Exception {
            String body = new JsonObject().put("operator", operator).put("comment", comment).encode();
            HttpResponse<String> response = send("POST", "/admin/approvals/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/" + decision(), body);
            if (response.statusCode() != 200) {
                System.err.println("jitgate: " + TiersCommand.describe(response));
                return 1;
            }
            JsonObject a = new JsonObject(response.body());
            System.out.println(a.getString("id") + ": " + a.getString("status") + " (by " + a.getString("decidedBy") + ")");
            return 0;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve a held call: it runs once, with exactly its arguments.")
    static final class Approve extends Decide {
        @Override
        String decision() {
            return "approve";
        }
    }

    @Command(name = "deny", mixinStandardHelpOptions = true, description = "Deny a held call.")
    static final class Deny extends Decide {
        @Override
        String decision() {
            return "deny";
        }
    }
}
