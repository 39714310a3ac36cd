package io.jitgate.policy;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.DetailedError;
import com.cedarpolicy.model.ValidationRequest;
import com.cedarpolicy.model.ValidationResponse;
import com.cedarpolicy.model.policy.PolicySet;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates a policy set against the schema with Cedar's validator (strict mode) and turns every
 * error, and every policy Cedar finds impossible, into {@code file:line: policy <id>: reason}: Cedar reports a policy id and an offset into
 * that policy's text, which {@link PolicyFiles} maps back to the file.
 */
final class PolicyValidation {
    /**
     * Cedar's warning for a policy that can apply to no valid request. It is refused like an error:
     * it almost always means a misspelt argument or attribute behind a {@code has} test, which Cedar
     * types as always false instead of reporting.
     */
    static final String IMPOSSIBLE = "policy is impossible";
    private static final String IMPOSSIBLE_HINT = " (does it test for an argument, attribute or request parameter the schema"
            + " does not declare? `./jitgate policy schema` prints the schema)";
    private PolicyValidation() {
    }

    static void check(PolicyFiles files, PolicySchema schema, PolicySet set) {
        ValidationResponse answer;
        try {
            answer = new BasicAuthorizationEngine().validate(new ValidationRequest(schema.cedar(), set));
        } catch (Exception e) {
            throw new PolicyLoadException("the policies could not be validated against " + PolicySchema.FILE + ": "
                    + PolicyFiles.reason(e));
        }
        List<String> problems = new ArrayList<>();
        answer.success.ifPresent(success -> {
            success.validationErrors.forEach(e -> problems.add(describe(files, e.getPolicyId(), e.getError())));
            success.validationWarnings.stream().filter(w -> w.getError().message.contains(IMPOSSIBLE))
                    .forEach(w -> problems.add(describe(files, w.getPolicyId(), w.getError()) + IMPOSSIBLE_HINT));
        });
        if (answer.validationPassed() && problems.isEmpty()) {
            return;
        }
        answer.errors.ifPresent(errors -> errors.forEach(e -> problems.add(PolicySchema.FILE + ": " + message(e))));
        if (problems.isEmpty()) {
            problems.add("the policies do not validate against " + PolicySchema.FILE + ": " + answer);
        }
        problems.sort(null);
        throw new PolicyLoadException("invalid policies (checked against " + PolicySchema.FILE + "):\n  " + String.join("\n  ", problems));
    }

    private static String describe(PolicyFiles files, String policyId, DetailedError error) {
        PolicyFiles.Located located = files.find(policyId);
        int offset = error.sourceLocations.isEmpty() ? 0 : error.sourceLocations.get(0).start;
        String where = located == null ? "policy " + policyId : located.at(offset) + ": policy " + policyId;
        return where + ": " + message(error);
    }

    private static String message(DetailedError error) {
        String text = error.message.replaceFirst("^for policy `[^`]*`, ", "");
        String help = error.help.orElse("");
        return help.isBlank() ? text : text + " (" + help.replaceFirst("^for policy `[^`]*`, ", "") + ")";
    }
}
