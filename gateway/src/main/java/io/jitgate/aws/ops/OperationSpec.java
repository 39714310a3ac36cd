package io.jitgate.aws.ops;

import io.jitgate.aws.AwsOperation;
import java.util.Set;

/** Holds the names and parameter lists every built-in operation declares. */
abstract class OperationSpec implements AwsOperation {
    private final String service;
    private final String operation;
    private final Set<String> required;
    private final Set<String> optional;

    OperationSpec(String service, String operation, Set<String> required, Set<String> optional) {
        this.service = service;
        this.operation = operation;
        this.required = Set.copyOf(required);
        this.optional = Set.copyOf(optional);
    }

    @Override
    public final String service() {
        return service;
    }

    @Override
    public final String operation() {
        return operation;
    }

    @Override
    public final Set<String> requiredParameters() {
        return required;
    }

    @Override
    public final Set<String> optionalParameters() {
        return optional;
    }
}
