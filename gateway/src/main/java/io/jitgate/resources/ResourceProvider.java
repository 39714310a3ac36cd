package io.jitgate.resources;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.util.List;
import java.util.Optional;

/**
 * Serves MCP resources: the seam behind {@code resources/list}, {@code resources/templates/list},
 * {@code resources/read} and the completion of template variables. {@link ResourceCatalog} serves
 * a folder of declarative files; implement this for another source. Implementations must be
 * thread-safe and must not block (do blocking reads on a worker pool and return the future).
 */
public interface ResourceProvider {
    /** No resources: the gateway then does not offer the resources capability. */
    ResourceProvider NONE = new ResourceProvider() {
        @Override
        public List<ResourceInfo> resources() {
            return List.of();
        }

        @Override
        public List<ResourceTemplateInfo> templates() {
            return List.of();
        }

        @Override
        public boolean knows(String uri) {
            return false;
        }

        @Override
        public Future<Optional<JsonArray>> read(String uri) {
            return Future.succeededFuture(Optional.empty());
        }

        @Override
        public Optional<List<String>> completionValues(String uriTemplate, String variable) {
            return Optional.empty();
        }
    };

    /** The direct resources, in a stable order. */
    List<ResourceInfo> resources();

    /** The resource templates, in a stable order. */
    List<ResourceTemplateInfo> templates();

    /** True if {@code uri} names a resource this provider can read (directly or through a template). */
    boolean knows(String uri);

    /**
     * The contents of {@code uri} (MCP {@code TextResourceContents} / {@code BlobResourceContents}
     * objects), or empty if this provider has no such resource.
     */
    Future<Optional<JsonArray>> read(String uri);

    /**
     * Every value the {@code variable} of the template {@code uriTemplate} suggests for completion
     * (the caller filters by what the client typed), or empty if there is no such template or variable.
     */
    Optional<List<String>> completionValues(String uriTemplate, String variable);
}
