package io.jitgate.tools;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Validator;
import java.nio.file.Path;

/**
 * One tool as an agent sees it and as the gateway runs it. Built only by {@link ToolLoader}, which
 * checks every field first; the schemas are compiled once and kept here. {@code sensitiveArguments}
 * names the top-level arguments whose values never reach the attribution log (they are replaced
 * by {@code "[redacted]"} there; policy and AWS still see them). {@code sensitivity} is how sensitive
 * the data the tool touches is (policies see it as {@code resource.sensitivity}).
 *
 * <p>A tool is of one of two kinds: an AWS tool has {@code aws} and {@code vaultRole}; a local tool
 * (served by a handler inside the gateway, see {@link io.jitgate.tools.local.LocalTool}) has
 * {@code local} and neither of the other two.
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
        java.util.Set<String> sensitiveArguments,
        Sensitivity sensitivity,
        io.jitgate.tools.local.LocalBinding local) {

    public ToolDefinition {
        sensitiveArguments = sensitiveArguments == null ? java.util.Set.of() : java.util.Set.copyOf(sensitiveArguments);
        sensitivity = sensitivity == null ? Sensitivity.INTERNAL : sensitivity;
        if ((local == null) == (aws == null)) {
            throw new IllegalArgumentException("tool " + name + " must be either an AWS tool or a local tool");
        }
    }

    /** An AWS tool whose data sensitivity is the default ({@link Sensitivity#INTERNAL}). */
    public ToolDefinition(String name, String title, String description, JsonObject inputSchema, JsonObject outputSchema,
            JsonObject annotations, AwsBinding aws, String vaultRole, Tier tier, Path source, Validator inputValidator,
            Validator outputValidator, java.util.Set<String> sensitiveArguments) {
        this(name, title, description, inputSchema, outputSchema, annotations, aws, vaultRole, tier, source, inputValidator,
                outputValidator, sensitiveArguments, Sensitivity.INTERNAL, null);
    }

    /** True for a tool served inside the gateway (no Vault credentials, no AWS request). */
    public boolean isLocal() {
        return local != null;
    }

    /** The AWS service the tool calls, or {@code local}: what policies see as {@code resource.service}. */
    public String service() {
        return local != null ? "local" : aws.service();
    }

    /** The AWS operation, or the local handler's name: what policies see as {@code resource.operation}. */
    public String operation() {
        return local != null ? local.handler() : aws.operation();
    }

    /** True if calls of this tool are answered as a stream (the tool talks to its client while it runs). */
    public boolean streams() {
        return local != null && local.tool().streams();
    }

    /** True if the tool reports its own progress (then the gateway sends no per-stage progress). */
    public boolean reportsProgress() {
        return local != null && local.tool().reportsProgress();
    }

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
