package io.jitgate.tools;

import java.util.List;

/**
 * What a tool does in AWS: the service and operation it calls, how its arguments fill the request,
 * the IAM actions and resources its role needs (the least privilege the tool declares), and the kind of
 * credentials its calls get ({@link CredentialSpec}).
 */
public record AwsBinding(String service, String operation, RequestTemplate request,
        List<String> actions, List<String> resources, CredentialSpec credentials) {
    public AwsBinding {
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
        credentials = credentials == null ? CredentialSpec.DEFAULT : credentials;
    }

    /** A binding with the default credentials (STS credentials of the tool's role, not narrowed). */
    public AwsBinding(String service, String operation, RequestTemplate request, List<String> actions, List<String> resources) {
        this(service, operation, request, actions, resources, CredentialSpec.DEFAULT);
    }
}
