package io.jitgate.policy;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.AuthorizationSuccessResponse;
import com.cedarpolicy.model.Context;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import io.jitgate.auth.AgentPrincipal;
import io.jitgate.pipeline.Intent;
import io.jitgate.tools.Tier;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.json.JsonObject;
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
import java.util.stream.Stream;

/**
 * Decides with Cedar. Policies are read from the {@code *.cedar} files of one folder; each policy's
 * id is its {@code @id("...")} annotation, or {@code <file>#<n>} without one. The set is prepared
 * once ({@link PolicySet#cache()}) so a decision does not re-parse every policy.
 *
 * <p>The world the policies see: principal {@code Agent::"<agent id>"} with attributes
 * {@code user} and {@code tenant}, member of {@code Group::"<group>"} for each token group; action
 * {@code Action::"call"} or {@code Action::"list"}; resource {@code Tool::"<name>"} with attributes
 * {@code service}, {@code operation}, {@code readOnly}, {@code destructive}, {@code idempotent},
 * {@code tier}; context {@code arguments} (the call's arguments as a record) and {@code intent}
 * (optional {@code purpose}, {@code taskId}, {@code prompt}).
 */
public final class CedarPolicyEngine implements PolicyEngine {
    private static final EntityTypeName AGENT = type("Agent");
    private static final EntityTypeName GROUP = type("Group");
    private static final EntityTypeName TOOL = type("Tool");
    private static final EntityTypeName ACTION = type("Action");

    private final BasicAuthorizationEngine engine = new BasicAuthorizationEngine();
    private final PolicySet policies;
    private final int size;
    private final Map<String, Tier> tiers;

    private CedarPolicyEngine(PolicySet policies, Map<String, Tier> tiers) {
        this.policies = policies;
        this.size = policies.getNumPolicies();
        this.tiers = Map.copyOf(tiers);
    }

    /** Loads and prepares every {@code *.cedar} file in {@code dir}; throws naming the file at fault. */
    public static CedarPolicyEngine load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new PolicyLoadException("policies folder " + dir + " does not exist");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".cedar")).sorted().toList();
        } catch (IOException e) {
            throw new PolicyLoadException("cannot list policies folder " + dir + ": " + e.getMessage());
        }
        Set<Policy> all = new HashSet<>();
        Map<String, Path> ids = new HashMap<>();
        Map<String, Tier> tiers = new HashMap<>();
        for (Path file : files) {
            for (Policy policy : parseFile(file)) {
                Path earlier = ids.putIfAbsent(policy.getID(), file);
                if (earlier != null) {
                    throw new PolicyLoadException(file + ": policy id '" + policy.getID() + "' is already used in " + earlier);
                }
                tierAnnotation(file, policy).ifPresent(t -> tiers.put(policy.getID(), t));
                all.add(policy);
            }
        }
        PolicySet set = new PolicySet(all);
        try {
            set.cache();
        } catch (Exception e) {
            throw new PolicyLoadException("cannot prepare the policy set from " + dir + ": " + e.getMessage());
        }
        return new CedarPolicyEngine(set, tiers);
    }

    /**
     * {@code @tier("approve")} on a permit policy raises the approval tier of the calls it allows
     * (it never lowers a tool's base tier). On a forbid policy it would mean nothing, so it is refused.
     */
    private static java.util.Optional<Tier> tierAnnotation(Path file, Policy policy) {
        String text;
        try {
            text = policy.getAnnotation("tier");
        } catch (Exception e) {
            throw new PolicyLoadException(file + ": policy " + policy.getID() + ": " + e.getMessage());
        }
        if (text == null) {
            return java.util.Optional.empty();
        }
        Tier tier = Tier.parse(text).orElseThrow(() -> new PolicyLoadException(file + ": policy " + policy.getID()
                + ": @tier must be one of " + Tier.allowedWords() + ", but was '" + text + "'"));
        if (!policy.getSource().trim().replaceAll("(?s)^(@\\w+\\(\"[^\"]*\"\\)\\s*)*", "").startsWith("permit")) {
            throw new PolicyLoadException(file + ": policy " + policy.getID() + ": @tier belongs on a permit policy");
        }
        return java.util.Optional.of(tier);
    }

    private static List<Policy> parseFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PolicyLoadException(file + ": cannot read: " + e.getMessage());
        }
        PolicySet parsed;
        try {
            parsed = PolicySet.parsePolicies(text);
        } catch (Exception e) {
            throw new PolicyLoadException(file + ": " + e.getMessage());
        }
        if (parsed.getNumTemplates() > 0) {
            throw new PolicyLoadException(file + ": policy templates are not supported");
        }
        String base = file.getFileName().toString();
        List<Policy> out = new ArrayList<>();
        List<Policy> inFileOrder = new ArrayList<>(parsed.policies);
        inFileOrder.sort(java.util.Comparator.comparingInt(p -> text.indexOf(p.getSource())));
        int n = 0;
        for (Policy policy : inFileOrder) {
            n++;
            String id;
            try {
                id = policy.getAnnotation("id");
            } catch (Exception e) {
                throw new PolicyLoadException(file + ": " + e.getMessage());
            }
            out.add(new Policy(policy.getSource(), id == null || id.isBlank() ? base + "#" + n : id));
        }
        return out;
    }

    public int size() {
        return size;
    }

    @Override
    public PolicyDecision decide(PolicyRequest request) {
        AgentPrincipal who = request.principal();
        ToolDefinition tool = request.tool();
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
        EntityUID agent = AGENT.of(who.agentId());
        entities.add(new Entity(agent, agentAttrs, groups));

        Map<String, Value> toolAttrs = new HashMap<>();
        toolAttrs.put("service", new PrimString(tool.service()));
        toolAttrs.put("operation", new PrimString(tool.operation()));
        toolAttrs.put("readOnly", new PrimBool(tool.readOnly()));
        toolAttrs.put("destructive", new PrimBool(tool.destructive()));
        toolAttrs.put("idempotent", new PrimBool(tool.idempotent()));
        toolAttrs.put("tier", new PrimString(tool.tier().word()));
        EntityUID resource = TOOL.of(tool.name());
        entities.add(new Entity(resource, toolAttrs, Set.of()));

        Map<String, Value> context = new HashMap<>();
        context.put("arguments", CedarValues.record(request.arguments() == null ? new JsonObject() : request.arguments()));
        context.put("intent", intent(request.intent()));

        AuthorizationRequest question = new AuthorizationRequest(agent, ACTION.of(request.action().cedarId()), resource,
                new Context(context));
        try {
            AuthorizationResponse answer = engine.isAuthorized(question, policies, entities);
            if (answer.success.isEmpty()) {
                return new PolicyDecision(false, List.of(), List.of("policy evaluation failed: " + answer));
            }
            AuthorizationSuccessResponse success = answer.success.get();
            List<String> errors = new ArrayList<>();
            success.getErrors().forEach(e -> errors.add(e.getPolicyId() + ": " + e.getError()));
            List<String> reasons = new ArrayList<>(success.getReason());
            reasons.sort(null);
            java.util.Optional<Tier> raised = reasons.stream().map(tiers::get).filter(java.util.Objects::nonNull)
                    .reduce(Tier::strictest);
            return new PolicyDecision(success.isAllowed(), reasons, errors, success.isAllowed() ? raised : java.util.Optional.empty());
        } catch (AuthException | RuntimeException e) {
            return new PolicyDecision(false, List.of(), List.of("policy evaluation failed: " + e.getMessage()));
        }
    }

    private static Value intent(Intent intent) {
        com.cedarpolicy.value.CedarMap map = new com.cedarpolicy.value.CedarMap();
        if (intent.purpose() != null) {
            map.put("purpose", new PrimString(intent.purpose()));
        }
        if (intent.taskId() != null) {
            map.put("taskId", new PrimString(intent.taskId()));
        }
        if (intent.prompt() != null) {
            map.put("prompt", new PrimString(intent.prompt()));
        }
        return map;
    }

    private static EntityTypeName type(String name) {
        return EntityTypeName.parse(name).orElseThrow();
    }
}
