package io.jitgate.tools;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Validator;
import java.nio.file.Path;

/**
 * One tool as an agent sees it and as the gateway runs it. Built only by {@link ToolLoader}, which
 * checks every field first; the schemas are compiled once and kept here. {@code sensitiveArguments}
 * names the top-level arguments whose values never reach the attribution log (they are replaced
 * by {@code "[redacted]"} there; policy and AWS still see them).
 */
public record ToolDefinition(
        String name,
        String title,
        String description,
        JsonObject inputSchema,
        JsonObject outputSchema,
        JsonObject annotations,
        AwsBinding aws,
        String vaultRole,
        Tier tier,
        Path source,
        Validator inputValidator,
        Validator outputValidator,
        java.util.Set<String> sensitiveArguments) {

    public ToolDefinition {
        sensitiveArguments = sensitiveArguments == null ? java.util.Set.of() : java.util.Set.copyOf(sensitiveArguments);
    }

    /**
     * A local tool ({@code "local": "echo"} in its file) runs inside the gateway and needs no AWS
     * credentials: it has no {@code aws} binding and no Vault role. The only kind is {@code echo},
     * which answers with its arguments; it exists to measure the gateway's own cost (loadtest/tools).
     */
    public boolean isLocal() {
        return aws == null;
    }

    /** The AWS service the tool calls, or {@code local} for a local tool (policy and audit see this). */
    public String service() {
        return aws == null ? LOCAL_SERVICE : aws.service();
    }

    /** The AWS operation the tool calls, or the local kind ({@code echo}). */
    public String operation() {
        return aws == null ? LOCAL_ECHO : aws.operation();
    }

    /** The service word of local tools. */
    public static final String LOCAL_SERVICE = "local";
    /** The one local kind: answers with its arguments. */
    public static final String LOCAL_ECHO = "echo";

    public boolean readOnly() {
        return annotations.getBoolean("readOnlyHint", false);
    }

    public boolean destructive() {
        return annotations.getBoolean("destructiveHint", !readOnly());
    }

    public boolean idempotent() {
        return annotations.getBoolean("idempotentHint", false);
    }

    public boolean hasOutputSchema() {
        return outputSchema != null;
    }

    /** The entry for this tool in a {@code tools/list} result. */
    public JsonObject toListEntry() {
        JsonObject entry = new JsonObject().put("name", name);
        if (title != null) {
            entry.put("title", title);
        }
        entry.put("description", description).put("inputSchema", inputSchema.copy());
        if (outputSchema != null) {
            entry.put("outputSchema", outputSchema.copy());
        }
        JsonObject hints = annotations.copy();
        if (title != null) {
            hints.put("title", title);
        }
        entry.put("annotations", hints);
        return entry;
    }
}
