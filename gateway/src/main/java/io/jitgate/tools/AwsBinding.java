package io.jitgate.tools;

import java.util.List;

/**
 * What a tool does in AWS: the service and operation it calls, how its arguments fill the request,
 * and the IAM actions and resources its role needs (the least privilege the tool declares).
 */
public record AwsBinding(String service, String operation, RequestTemplate request,
        List<String> actions, List<String> resources) {
    public AwsBinding {
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
    }
}
