package io.jitgate.policy;

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.IpAddress;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Unknown;
import com.cedarpolicy.value.Value;
import io.jitgate.audit.HashChain;
import io.jitgate.auth.AgentPrincipal;
import io.jitgate.pipeline.Intent;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the entities and the context of one Cedar request exactly as {@code jitgate.cedarschema}
 * declares them (a test validates them against it): {@code Agent} with {@code user}, {@code tenant}
 * and its groups; {@code Tool} with its definition's attributes; for {@code call} the context
 * {@code arguments}, {@code argumentSizes}, {@code request}, {@code intent}, {@code time},
 * {@code weekday}, and, when known, {@code sourceAddress} and {@code taskCalls}. Only arguments and
 * request parameters the schema declares are passed.
 */
final class CedarRequests {
    private static final EntityTypeName AGENT = EntityTypeName.parse("Agent").orElseThrow();
    private static final EntityTypeName GROUP = EntityTypeName.parse("Group").orElseThrow();
    private static final EntityTypeName TOOL = EntityTypeName.parse("Tool").orElseThrow();
    /** {@code context.weekday}, by {@link java.time.DayOfWeek#ordinal()}. */
    private static final String[] WEEKDAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    private static final String[] CALL_CONTEXT = {"arguments", "argumentSizes", "request", "intent", "time", "weekday", "sourceAddress", "taskCalls"};

    private static final java.util.regex.Pattern REFERENCE = java.util.regex.Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+)\\s*}}");
    /** Four decimal octets of 0-255 without leading zeros: the IPv4 form Cedar's {@code ip} accepts. */
    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** Hexadecimal groups and colons only: Cedar refuses IPv6 text with an embedded IPv4 part or a zone. */
    private static final java.util.regex.Pattern IPV6_CHARACTERS = java.util.regex.Pattern.compile("[0-9A-Fa-f:]+");

    private final PolicySchema schema;
    private final CedarTimes times = new CedarTimes();

    CedarRequests(PolicySchema schema) {
        this.schema = schema;
    }

    static EntityUID agent(AgentPrincipal who) {
        return AGENT.of(who.agentId());
    }

    static EntityUID tool(ToolDefinition tool) {
        return TOOL.of(tool.name());
    }

    Set<Entity> entities(AgentPrincipal who, ToolDefinition tool) {
        Set<Entity> entities = new HashSet<>();
        Set<EntityUID> groups = new HashSet<>();
        for (String group : who.groups()) {
            EntityUID g = GROUP.of(group);
            groups.add(g);
            entities.add(new Entity(g));
        }
        Map<String, Value> agentAttrs = new HashMap<>();
        agentAttrs.put("user", new PrimString(who.actingFor() == null ? "" : who.actingFor()));
        agentAttrs.put("tenant", new PrimString(who.tenant() == null ? "" : who.tenant()));
        entities.add(new Entity(agent(who), agentAttrs, groups));

        Map<String, Value> toolAttrs = new HashMap<>();
        toolAttrs.put("service", new PrimString(tool.service()));
        toolAttrs.put("operation", new PrimString(tool.operation()));
        toolAttrs.put("readOnly", new PrimBool(tool.readOnly()));
        toolAttrs.put("destructive", new PrimBool(tool.destructive()));
        toolAttrs.put("idempotent", new PrimBool(tool.idempotent()));
        toolAttrs.put("tier", new PrimString(tool.tier().word()));
        toolAttrs.put("sensitivity", new PrimString(tool.sensitivity().word()));
        entities.add(new Entity(tool(tool), toolAttrs, Set.of()));
        return entities;
    }

    Map<String, Value> context(PolicyRequest request) {
        return context(request, ContextReads.ALL);
    }

    /**
     * The context of {@code request} holding only the attributes {@code reads} names (for a
     * {@code list}, always empty): attributes no policy reads are neither built nor sent.
     */
    Map<String, Value> context(PolicyRequest request, ContextReads reads) {
        Map<String, Value> context = new HashMap<>();
        if (request.action() == PolicyRequest.PolicyAction.LIST) {
            return context;
        }
        JsonObject arguments = request.arguments();
        if (reads.includes("arguments")) {
            context.put("arguments", CedarValues.record(arguments, schema.arguments()));
        }
        if (reads.includes("argumentSizes")) {
            context.put("argumentSizes", argumentSizes(arguments));
        }
        if (reads.includes("request")) {
            context.put("request", CedarValues.record(renderedRequest(request), schema.requestParameters()));
        }
        if (reads.includes("intent")) {
            context.put("intent", intent(request.intent()));
        }
        Instant time = request.time();
        if (reads.includes("time")) {
            context.put("time", times.of(time));
        }
        if (reads.includes("weekday")) {
            context.put("weekday", new PrimString(WEEKDAYS[time.atZone(ZoneOffset.UTC).getDayOfWeek().ordinal()]));
        }
        if (reads.includes("sourceAddress") && hasSourceAddress(request)) {
            context.put("sourceAddress", new IpAddress(request.sourceAddress()));
        }
        if (reads.includes("taskCalls") && request.taskCalls() != null) {
            context.put("taskCalls", new PrimLong(request.taskCalls()));
        }
        return context;
    }

    /** Whether the context of {@code request} holds {@code sourceAddress} (only an address literal is passed). */
    static boolean hasSourceAddress(PolicyRequest request) {
        return isIpAddress(request.sourceAddress());
    }

    private CedarMap argumentSizes(JsonObject arguments) {
        CedarMap sizes = new CedarMap();
        for (String name : schema.sizedArguments()) {
            if (arguments.getValue(name) instanceof String s) {
                sizes.put(name, new PrimLong(s.getBytes(StandardCharsets.UTF_8).length));
            }
        }
        return sizes;
    }

    private static JsonObject renderedRequest(PolicyRequest request) {
        try {
            return request.tool().isLocal() ? new JsonObject() : request.tool().aws().request().render(request.arguments());
        } catch (RuntimeException e) {
            return new JsonObject();
        }
    }

    /**
     * The context of a {@code call} with every attribute unknown, holding {@code sourceAddress} and
     * {@code taskCalls} only when the call's context will (so that {@code has} on them is decided,
     * not assumed): what {@link CallPlans} evaluates a principal's policies for a tool against.
     */
    static Map<String, Value> unknownCallContext(boolean withSourceAddress, boolean withTaskCalls) {
        Map<String, Value> context = new HashMap<>();
        for (String name : CALL_CONTEXT) {
            if ((!name.equals("sourceAddress") || withSourceAddress) && (!name.equals("taskCalls") || withTaskCalls)) {
                context.put(name, new Unknown(name));
            }
        }
        return context;
    }

    /**
     * The contexts of a {@code call} of {@code tool} whose arguments, intent, time, address and history
     * are all unknown, for partial evaluation. Only {@code request} is partly known: the parameters the
     * tool's template sets to literals are known (a table or queue name), those taken from arguments
     * are unknown. A parameter taken from an optional argument may be absent, which an unknown value
     * cannot say ({@code has} would be true), so when there are such parameters a second context leaves
     * them out: a tool is callable if either context can be allowed. {@code sourceAddress} and
     * {@code taskCalls} count as present.
     */
    List<Map<String, Value>> unknownCallContexts(ToolDefinition tool) {
        JsonObject template = tool.isLocal() ? new JsonObject() : tool.aws().request().toJson();
        java.util.Set<String> required = new java.util.HashSet<>();
        tool.inputSchema().getJsonArray("required", new io.vertx.core.json.JsonArray()).forEach(r -> required.add(String.valueOf(r)));
        CedarMap withOptional = new CedarMap();
        CedarMap withoutOptional = new CedarMap();
        boolean dependsOnOptional = false;
        for (String parameter : template.fieldNames()) {
            if (!schema.requestParameters().contains(parameter)) {
                continue;
            }
            Object value = template.getValue(parameter);
            java.util.Set<String> referenced = new java.util.HashSet<>();
            collectReferences(value, referenced);
            if (referenced.isEmpty()) {
                Value literal = CedarValues.value(value);
                if (literal != null) {
                    withOptional.put(parameter, literal);
                    withoutOptional.put(parameter, literal);
                }
            } else {
                withOptional.put(parameter, new Unknown("request." + parameter));
                if (required.containsAll(referenced)) {
                    withoutOptional.put(parameter, new Unknown("request." + parameter));
                } else {
                    dependsOnOptional = true;
                }
            }
        }
        List<Map<String, Value>> contexts = new java.util.ArrayList<>();
        contexts.add(unknownContextWith(withOptional));
        if (dependsOnOptional) {
            contexts.add(unknownContextWith(withoutOptional));
        }
        return contexts;
    }

    private static Map<String, Value> unknownContextWith(CedarMap request) {
        Map<String, Value> context = new HashMap<>();
        for (String name : CALL_CONTEXT) {
            context.put(name, new Unknown(name));
        }
        context.put("request", request);
        return context;
    }

    private static void collectReferences(Object value, java.util.Set<String> into) {
        if (value instanceof String s) {
            java.util.regex.Matcher m = REFERENCE.matcher(s);
            while (m.find()) {
                into.add(m.group(1));
            }
        } else if (value instanceof JsonObject o) {
            o.forEach(e -> collectReferences(e.getValue(), into));
        } else if (value instanceof io.vertx.core.json.JsonArray a) {
            a.forEach(v -> collectReferences(v, into));
        }
    }

    /**
     * Whether {@code text} is an IPv4 or IPv6 address literal in a form Cedar's {@code ip} accepts
     * (transports give the peer's address as one; anything else is left out of the context rather
     * than sent to Cedar, where it would fail the whole request, and a call plan, which may not build
     * the attribute at all, would decide it differently).
     */
    static boolean isIpAddress(String text) {
        if (text == null) {
            return false;
        }
        if (IPV4.matcher(text).matches()) {
            return true;
        }
        if (!text.contains(":") || !IPV6_CHARACTERS.matcher(text).matches()) {
            return false;
        }
        try {
            java.net.InetAddress.getByName(text);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static Value intent(Intent intent) {
        CedarMap map = new CedarMap();
        if (intent.purpose() != null) {
            map.put("purpose", new PrimString(intent.purpose()));
        }
        if (intent.taskId() != null) {
            map.put("taskId", new PrimString(intent.taskId()));
        }
        if (intent.prompt() != null) {
            map.put("prompt", new PrimString(intent.prompt()));
            map.put("promptDigest", new PrimString(HashChain.sha256(intent.prompt())));
        }
        return map;
    }
}
