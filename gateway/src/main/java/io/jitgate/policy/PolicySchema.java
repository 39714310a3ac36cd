package io.jitgate.policy;

import com.cedarpolicy.model.schema.Schema;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Cedar schema policies are validated against: the folder's {@value #FILE} (entities, actions,
 * the call context) completed with three record types derived from the tool catalogue —
 * {@code Arguments} (every argument a tool declares, typed from its JSON Schema), {@code ArgumentSizes}
 * (the UTF-8 length of every string argument) and {@code AwsRequest} (the top-level parameters the
 * tools' AWS request templates fix or compose — a parameter copied unchanged from one argument is
 * left to {@code arguments}, so large values are not sent twice). Every derived attribute is optional. An argument whose type Cedar
 * cannot express ({@code number}, a union) or that two tools declare with different types is left
 * out, so a policy that reads it is refused at validation.
 */
public final class PolicySchema {
    /** The schema file every policies folder must hold. */
    public static final String FILE = "jitgate.cedarschema";

    private final Schema schema;
    private final String text;
    private final Set<String> arguments;
    private final Set<String> sizedArguments;
    private final Set<String> requestParameters;

    private PolicySchema(Schema schema, String text, Set<String> arguments, Set<String> sizedArguments, Set<String> requestParameters) {
        this.schema = schema;
        this.text = text;
        this.arguments = Set.copyOf(arguments);
        this.sizedArguments = Set.copyOf(sizedArguments);
        this.requestParameters = Set.copyOf(requestParameters);
    }

    /** Reads {@code dir/jitgate.cedarschema} and completes it for {@code catalog}; throws naming the file at fault. */
    public static PolicySchema load(Path dir, ToolCatalog catalog) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new PolicyLoadException(file + ": the Cedar schema is missing (every policies folder needs one; "
                    + "copy policies/" + FILE + " of the jitgate repository)");
        }
        String declared;
        try {
            declared = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PolicyLoadException(file + ": cannot read: " + e.getMessage());
        }
        Map<String, String> arguments = new TreeMap<>();
        Map<String, String> requests = new TreeMap<>();
        Set<String> conflicting = new HashSet<>();
        Set<String> conflictingRequests = new HashSet<>();
        for (ToolDefinition tool : catalog.all()) {
            JsonObject properties = tool.inputSchema().getJsonObject("properties", new JsonObject());
            for (String name : properties.fieldNames()) {
                String type = properties.getValue(name) instanceof JsonObject p ? CedarTypes.of(p) : null;
                merge(arguments, conflicting, name, type);
            }
            JsonObject template = tool.isLocal() ? new JsonObject() : tool.aws().request().toJson(); // a local tool sends no AWS request
            for (String parameter : template.fieldNames()) {
                Object value = template.getValue(parameter);
                if (CedarTypes.wholeReference(value) == null) {
                    merge(requests, conflictingRequests, parameter, CedarTypes.ofTemplateValue(value, properties));
                }
            }
        }
        conflicting.forEach(arguments::remove);
        conflictingRequests.forEach(requests::remove);
        Map<String, String> sizes = new TreeMap<>();
        arguments.forEach((name, type) -> {
            if (type.equals("String")) {
                sizes.put(name, "Long");
            }
        });
        String text = declared + "\n// Derived from the tool catalogue by the gateway.\n"
                + "type Arguments = " + CedarTypes.record(arguments) + ";\n"
                + "type ArgumentSizes = " + CedarTypes.record(sizes) + ";\n"
                + "type AwsRequest = " + CedarTypes.record(requests) + ";\n";
        Schema schema;
        try {
            schema = Schema.parse(Schema.JsonOrCedar.Cedar, text);
        } catch (Exception | Error e) {
            throw new PolicyLoadException(file + ": not a valid Cedar schema: " + e.getMessage());
        }
        return new PolicySchema(schema, text, arguments.keySet(), sizes.keySet(), requests.keySet());
    }

    private static void merge(Map<String, String> into, Set<String> conflicting, String name, String type) {
        if (type == null || !CedarTypes.isIdentifier(name)) {
            conflicting.add(name);
            return;
        }
        String earlier = into.putIfAbsent(name, type);
        if (earlier != null && !earlier.equals(type)) {
            conflicting.add(name);
        }
    }

    Schema cedar() {
        return schema;
    }

    /** The complete schema in Cedar's human-readable format, the derived types included. */
    public String text() {
        return text;
    }

    /** The top-level argument names policies may read ({@code context.arguments}). */
    Set<String> arguments() {
        return arguments;
    }

    /** The string arguments whose length policies may read ({@code context.argumentSizes}). */
    Set<String> sizedArguments() {
        return sizedArguments;
    }

    /** The AWS request parameters policies may read ({@code context.request}). */
    Set<String> requestParameters() {
        return requestParameters;
    }
}
