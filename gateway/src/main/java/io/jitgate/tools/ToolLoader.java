package io.jitgate.tools;

import io.jitgate.aws.AwsOperation;
import io.jitgate.aws.AwsOperations;
import io.jitgate.tools.local.LocalBinding;
import io.jitgate.tools.local.LocalTool;
import io.jitgate.tools.local.LocalTools;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the tool catalogue from a folder of {@code <name>.json} files and checks every definition
 * before any of it is used: the name is legal and unique and matches the file name, the schemas
 * compile, a Vault role is named, the tier is known, and the AWS request template sets exactly the
 * operation's parameters from arguments the input schema declares. Every problem in every file is
 * reported together; a catalogue with any problem is refused whole.
 */
public final class ToolLoader {
    /** Tool names as the MCP specification recommends: 1-64 of letters, digits, '_', '-', '.'. */
    static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    static final Pattern VAULT_ROLE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final Pattern IAM_ACTION = Pattern.compile("[a-z0-9-]+:[A-Za-z0-9*]+");
    private static final Set<String> KNOWN_FIELDS = Set.of("name", "title", "description", "inputSchema",
            "outputSchema", "annotations", "aws", "vaultRole", "tier", "sensitiveArguments", "sensitivity", "kind", "handler");
    private static final Set<String> KNOWN_HINTS = Set.of("readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint");

    private final SchemaCompiler schemas;
    private final AwsOperations operations;
    private final LocalTools localTools;

    /** A loader of AWS tools only. */
    public ToolLoader(SchemaCompiler schemas, AwsOperations operations) {
        this(schemas, operations, LocalTools.NONE);
    }

    /** A loader that also accepts local tools bound to one of {@code localTools} (in a local tools folder only). */
    public ToolLoader(SchemaCompiler schemas, AwsOperations operations, LocalTools localTools) {
        this.schemas = schemas;
        this.operations = operations;
        this.localTools = localTools;
    }

    /** Loads every {@code *.json} file in {@code dir} (AWS tools only), or throws with all problems found. */
    public ToolCatalog load(Path dir) {
        return load(dir, null);
    }

    /**
     * Loads the AWS tools of {@code dir} and, if {@code localDir} is not null, the local tools of
     * {@code localDir} (which may hold nothing else), as one catalogue; or throws with all problems
     * found. A local tool is refused in {@code dir}, and a name may be used once across both.
     */
    public ToolCatalog load(Path dir, Path localDir) {
        List<String> problems = new ArrayList<>();
        List<ToolDefinition> tools = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        Map<String, String> roles = new HashMap<>();
        loadFolder(dir, false, "tools folder", problems, tools, seen, roles);
        if (localDir != null) {
            loadFolder(localDir, true, "localToolsDir", problems, tools, seen, roles);
        }
        if (!problems.isEmpty()) {
            throw new ToolDefinitionException("invalid tool catalogue:\n  " + String.join("\n  ", problems));
        }
        if (tools.isEmpty()) {
            throw new ToolDefinitionException("tools folder " + dir + " has no tool definitions (*.json)");
        }
        return new ToolCatalog(tools);
    }

    private void loadFolder(Path dir, boolean local, String what, List<String> problems, List<ToolDefinition> tools,
            Map<String, Path> seen, Map<String, String> roles) {
        if (!Files.isDirectory(dir)) {
            throw new ToolDefinitionException(what + " " + dir + " does not exist");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new ToolDefinitionException("cannot list " + what + " " + dir + ": " + e.getMessage());
        }
        for (Path file : files) {
            try {
                JsonObject json = read(file);
                boolean isLocal = "local".equals(json.getValue("kind"));
                if (isLocal && !local) {
                    problems.add(file + ": kind \"local\" is served only from the folder named by localToolsDir, "
                            + "never from the default catalogue");
                    continue;
                }
                if (local && !isLocal) {
                    problems.add(file + ": localToolsDir holds local tools only (\"kind\": \"local\"), but kind is "
                            + json.getValue("kind", "aws (the default)"));
                    continue;
                }
                ToolDefinition tool = parse(file, json);
                Path earlier = seen.putIfAbsent(tool.name(), file);
                if (earlier != null) {
                    problems.add(file + ": name '" + tool.name() + "' is already used by " + earlier);
                    continue;
                }
                if (!tool.isLocal()) {
                    String roleOwner = roles.putIfAbsent(tool.vaultRole(), tool.name());
                    if (roleOwner != null) {
                        problems.add(file + ": vaultRole '" + tool.vaultRole() + "' is already the role of tool '"
                                + roleOwner + "'; every tool needs a role of its own");
                        continue;
                    }
                }
                tools.add(tool);
            } catch (ToolDefinitionException e) {
                problems.add(e.getMessage());
            }
        }
    }

    private static JsonObject read(Path file) {
        try {
            return new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ToolDefinitionException(file + ": cannot read: " + e.getMessage());
        } catch (DecodeException e) {
            throw new ToolDefinitionException(file + ": not valid JSON: " + e.getMessage());
        }
    }

    /** Checks one definition; {@code file} is used in messages and must be named after the tool. */
    public ToolDefinition parse(Path file, JsonObject json) {
        Problem at = field -> new ToolDefinitionException(file + ": " + field);
        for (String key : json.fieldNames()) {
            if (!KNOWN_FIELDS.contains(key)) {
                throw at.field(key + " is not a known field (known: " + String.join(", ", new java.util.TreeSet<>(KNOWN_FIELDS)) + ")");
            }
        }
        String name = requireText(json, "name", at);
        if (!TOOL_NAME.matcher(name).matches()) {
            throw at.field("name must be 1-64 letters, digits, '_', '-' or '.', but was '" + name + "'");
        }
        String expectedFile = name + ".json";
        if (!file.getFileName().toString().equals(expectedFile)) {
            throw at.field("name '" + name + "' must match the file name (" + expectedFile + ")");
        }
        String description = requireText(json, "description", at);
        String title = optionalText(json, "title", at);

        JsonObject inputSchema = requireObject(json, "inputSchema", at);
        if (!"object".equals(inputSchema.getValue("type"))) {
            throw at.field("inputSchema.type must be \"object\", but was " + inputSchema.getValue("type"));
        }
        Validator inputValidator = compile(inputSchema, "inputSchema", at);
        checkExamples(inputSchema, inputValidator, at);
        JsonObject outputSchema = json.containsKey("outputSchema") ? requireObject(json, "outputSchema", at) : null;
        Validator outputValidator = null;
        if (outputSchema != null) {
            if (!"object".equals(outputSchema.getValue("type"))) {
                throw at.field("outputSchema.type must be \"object\", but was " + outputSchema.getValue("type"));
            }
            outputValidator = compile(outputSchema, "outputSchema", at);
        }

        JsonObject annotations = json.containsKey("annotations") ? requireObject(json, "annotations", at) : new JsonObject();
        for (String hint : annotations.fieldNames()) {
            if (!KNOWN_HINTS.contains(hint)) {
                throw at.field("annotations." + hint + " is not a known hint (known: " + String.join(", ", new java.util.TreeSet<>(KNOWN_HINTS)) + ")");
            }
            if (!(annotations.getValue(hint) instanceof Boolean)) {
                throw at.field("annotations." + hint + " must be true or false, but was " + annotations.getValue(hint));
            }
        }

        String tierText = requireText(json, "tier", at);
        Tier tier = Tier.parse(tierText).orElseThrow(() ->
                at.field("tier must be one of " + Tier.allowedWords() + ", but was '" + tierText + "'"));
        Set<String> sensitive = sensitiveArguments(json, declaredArguments(inputSchema), at);
        Sensitivity sensitivity = Sensitivity.INTERNAL;
        if (json.containsKey("sensitivity")) {
            Object word = json.getValue("sensitivity");
            sensitivity = Sensitivity.parse(word instanceof String w ? w : null).orElseThrow(() ->
                    at.field("sensitivity must be one of " + Sensitivity.allowedWords() + ", but was " + word));
        }
        if (annotations.getBoolean("readOnlyHint", false) && annotations.getBoolean("destructiveHint", false)) {
            throw at.field("annotations.readOnlyHint and annotations.destructiveHint cannot both be true");
        }

        Object kind = json.getValue("kind", "aws");
        if ("local".equals(kind)) {
            LocalBinding local = parseLocal(json, at);
            return new ToolDefinition(name, title, description, inputSchema, outputSchema, annotations, null, null,
                    tier, file, inputValidator, outputValidator, sensitive, sensitivity, local);
        }
        if (!"aws".equals(kind)) {
            throw at.field("kind must be \"aws\" (the default) or \"local\", but was " + kind);
        }
        if (json.containsKey("handler")) {
            throw at.field("handler belongs to local tools only (\"kind\": \"local\")");
        }
        String vaultRole = requireText(json, "vaultRole", at);
        if (!VAULT_ROLE.matcher(vaultRole).matches()) {
            throw at.field("vaultRole must be 1-64 letters, digits, '_' or '-', but was '" + vaultRole + "'");
        }
        AwsBinding aws = parseAws(requireObject(json, "aws", at), declaredArguments(inputSchema), at);
        for (String pattern : aws.credentials().narrowTo()) {
            for (String reference : new RequestTemplate(new JsonObject().put("r", pattern)).references()) {
                if (!requiredArguments(inputSchema).contains(reference)) {
                    throw at.field("aws.credentials.narrowTo refers to argument '" + reference
                            + "', which inputSchema.required does not list (every call must have it)");
                }
            }
        }
        if (annotations.getBoolean("readOnlyHint", false) && aws.actions().stream().anyMatch(ToolLoader::isWriteAction)) {
            throw at.field("annotations.readOnlyHint is true, but aws.actions grants a write: " + aws.actions());
        }
        for (String pattern : aws.credentials().narrowTo()) {
            for (String reference : new RequestTemplate(new JsonObject().put("r", pattern)).references()) {
                if (sensitive.contains(reference)) {
                    throw at.field("aws.credentials.narrowTo refers to '" + reference + "', a sensitive argument: its value would "
                            + "be in the session policy, which the attribution record keeps");
                }
            }
        }
        return new ToolDefinition(name, title, description, inputSchema, outputSchema, annotations, aws, vaultRole,
                tier, file, inputValidator, outputValidator, sensitive, sensitivity, null);
    }

    /** A local tool: a registered handler, and no AWS binding or Vault role. */
    private LocalBinding parseLocal(JsonObject json, Problem at) {
        for (String awsOnly : List.of("aws", "vaultRole")) {
            if (json.containsKey(awsOnly)) {
                throw at.field(awsOnly + " does not belong to a local tool (it makes no AWS request and gets no credentials)");
            }
        }
        String handler = requireText(json, "handler", at);
        LocalTool tool = localTools.find(handler).orElseThrow(() -> at.field("handler '" + handler
                + "' is not a local tool of this gateway (known: " + String.join(", ", localTools.names()) + ")"));
        return new LocalBinding(handler, tool);
    }

    private AwsBinding parseAws(JsonObject aws, Set<String> arguments, Problem at) {
        String service = requireText(aws, "service", f -> at.field("aws." + f));
        String operationName = requireText(aws, "operation", f -> at.field("aws." + f));
        AwsOperation operation = operations.find(service, operationName).orElseThrow(() -> at.field(
                "aws.operation " + service + ":" + operationName + " is not supported (supported: "
                        + String.join(", ", operations.keys()) + ")"));
        JsonObject requestJson = aws.containsKey("request") ? requireObject(aws, "request", f -> at.field("aws." + f)) : new JsonObject();
        RequestTemplate request = new RequestTemplate(requestJson);
        for (String parameter : request.parameterNames()) {
            if (!operation.requiredParameters().contains(parameter) && !operation.optionalParameters().contains(parameter)) {
                throw at.field("aws.request." + parameter + " is not a parameter of " + service + ":" + operationName);
            }
        }
        for (String required : operation.requiredParameters()) {
            if (!request.parameterNames().contains(required)) {
                throw at.field("aws.request." + required + " is required by " + service + ":" + operationName + " but not set");
            }
        }
        for (String reference : request.references()) {
            if (!arguments.contains(reference)) {
                throw at.field("aws.request refers to argument '" + reference + "', which inputSchema.properties does not declare");
            }
        }
        List<String> actions = stringList(aws, "actions", at);
        for (String action : actions) {
            if (!IAM_ACTION.matcher(action).matches()) {
                throw at.field("aws.actions has '" + action + "', which is not an IAM action like s3:GetObject");
            }
        }
        List<String> resources = stringList(aws, "resources", at);
        CredentialSpec credentials = aws.containsKey("credentials")
                ? credentials(requireObject(aws, "credentials", f -> at.field("aws." + f)), arguments, at) : CredentialSpec.DEFAULT;
        return new AwsBinding(service, operationName, request, actions, resources, credentials);
    }

    private static final Set<String> CREDENTIAL_FIELDS = Set.of("type", "narrowTo");

    /**
     * {@code aws.credentials}: {@code type} (assumed_role, the default, or iam_user) and, for
     * assumed_role, {@code narrowTo}: resource patterns whose {@code {{name}}} placeholders name
     * arguments the input schema declares and requires.
     */
    private static CredentialSpec credentials(JsonObject json, Set<String> arguments, Problem at) {
        for (String key : json.fieldNames()) {
            if (!CREDENTIAL_FIELDS.contains(key)) {
                throw at.field("aws.credentials." + key + " is not a known field (known: narrowTo, type)");
            }
        }
        String word = json.containsKey("type") ? requireText(json, "type", f -> at.field("aws.credentials." + f)) : "assumed_role";
        CredentialType type = CredentialType.parse(word).orElseThrow(() -> at.field("aws.credentials.type must be one of "
                + java.util.Arrays.stream(CredentialType.values()).map(CredentialType::word).toList() + ", but was '" + word + "'"));
        List<String> narrowTo = new ArrayList<>();
        Object list = json.getValue("narrowTo");
        if (list != null) {
            if (!(list instanceof JsonArray array) || array.isEmpty()) {
                throw at.field("aws.credentials.narrowTo must be a non-empty list of resource patterns, but was " + list);
            }
            for (Object item : array) {
                if (!(item instanceof String s) || s.isBlank()) {
                    throw at.field("aws.credentials.narrowTo must hold only non-empty strings, but has " + item);
                }
                narrowTo.add(s);
            }
        }
        if (!narrowTo.isEmpty() && type != CredentialType.ASSUMED_ROLE) {
            throw at.field("aws.credentials.narrowTo needs type assumed_role (an STS session policy narrows STS credentials "
                    + "only), but type is " + type.word());
        }
        for (String pattern : narrowTo) {
            Set<String> references = new RequestTemplate(new JsonObject().put("r", pattern)).references();
            if (references.isEmpty()) {
                throw at.field("aws.credentials.narrowTo has '" + pattern + "', which depends on no argument; "
                        + "put fixed resources in aws.resources");
            }
            for (String reference : references) {
                if (!arguments.contains(reference)) {
                    throw at.field("aws.credentials.narrowTo refers to argument '" + reference
                            + "', which inputSchema.properties does not declare");
                }
            }
        }
        return new CredentialSpec(type, narrowTo);
    }

    private static boolean isWriteAction(String action) {
        String op = action.substring(action.indexOf(':') + 1);
        return !(op.startsWith("Get") || op.startsWith("List") || op.startsWith("Describe") || op.startsWith("Query")
                || op.startsWith("Scan") || op.startsWith("Receive") || op.startsWith("Head") || op.startsWith("BatchGet"));
    }

    /** Examples in the input schema are documentation and test data: they must be valid calls. */
    private static void checkExamples(JsonObject inputSchema, Validator validator, Problem at) {
        Object examples = inputSchema.getValue("examples");
        if (examples == null) {
            return;
        }
        if (!(examples instanceof JsonArray list)) {
            throw at.field("inputSchema.examples must be a list of example arguments");
        }
        for (int i = 0; i < list.size(); i++) {
            var result = validator.validate(list.getValue(i));
            if (!Boolean.TRUE.equals(result.getValid())) {
                throw at.field("inputSchema.examples[" + i + "] does not match inputSchema: " + SchemaErrors.describe(result));
            }
        }
    }

    private Validator compile(JsonObject schema, String field, Problem at) {
        try {
            return schemas.compile(schema);
        } catch (RuntimeException e) {
            throw at.field(field + " is not a valid JSON Schema: " + e.getMessage());
        }
    }

    /** {@code sensitiveArguments}: a list of distinct argument names that inputSchema.properties declares. */
    private static Set<String> sensitiveArguments(JsonObject json, Set<String> declared, Problem at) {
        Object value = json.getValue("sensitiveArguments");
        if (value == null) {
            return Set.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw at.field("sensitiveArguments must be a list of argument names, but was " + value);
        }
        Set<String> out = new java.util.LinkedHashSet<>();
        for (Object item : array) {
            if (!(item instanceof String s) || !declared.contains(s)) {
                throw at.field("sensitiveArguments names '" + item + "', which inputSchema.properties does not declare");
            }
            if (!out.add(s)) {
                throw at.field("sensitiveArguments names '" + s + "' twice");
            }
        }
        return out;
    }

    private static Set<String> requiredArguments(JsonObject inputSchema) {
        Object required = inputSchema.getValue("required");
        Set<String> out = new HashSet<>();
        if (required instanceof JsonArray array) {
            array.forEach(item -> out.add(String.valueOf(item)));
        }
        return out;
    }

    private static Set<String> declaredArguments(JsonObject inputSchema) {
        Object properties = inputSchema.getValue("properties");
        return properties instanceof JsonObject p ? new HashSet<>(p.fieldNames()) : Set.of();
    }

    private static List<String> stringList(JsonObject aws, String field, Problem at) {
        Object value = aws.getValue(field);
        if (!(value instanceof JsonArray array) || array.isEmpty()) {
            throw at.field("aws." + field + " must be a non-empty list of strings, but was " + value);
        }
        List<String> out = new ArrayList<>();
        for (Object item : array) {
            if (!(item instanceof String s) || s.isBlank()) {
                throw at.field("aws." + field + " must hold only non-empty strings, but has " + item);
            }
            out.add(s);
        }
        return out;
    }

    private static String requireText(JsonObject json, String field, Problem at) {
        Object value = json.getValue(field);
        if (!(value instanceof String s) || s.isBlank()) {
            throw at.field(field + " must be a non-empty string, but was " + (value == null ? "missing" : value));
        }
        return s;
    }

    private static String optionalText(JsonObject json, String field, Problem at) {
        return json.containsKey(field) ? requireText(json, field, at) : null;
    }

    private static JsonObject requireObject(JsonObject json, String field, Problem at) {
        Object value = json.getValue(field);
        if (!(value instanceof JsonObject o)) {
            throw at.field(field + " must be a JSON object, but was " + (value == null ? "missing" : value));
        }
        return o;
    }

    @FunctionalInterface
    private interface Problem {
        ToolDefinitionException field(String what);
    }
}
