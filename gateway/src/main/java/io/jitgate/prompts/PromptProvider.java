package io.jitgate.prompts;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Serves MCP prompts: the seam behind {@code prompts/list}, {@code prompts/get} and the completion
 * of prompt arguments. {@link PromptCatalog} serves a folder of declarative files; implement this for
 * another source. Implementations must be thread-safe and must not block.
 */
public interface PromptProvider {
    /** No prompts: the gateway then does not offer the prompts capability. */
    PromptProvider NONE = new PromptProvider() {
        @Override
        public List<PromptInfo> prompts() {
            return List.of();
        }

        @Override
        public Optional<JsonObject> get(String name, Map<String, String> arguments) {
            return Optional.empty();
        }

        @Override
        public Optional<List<String>> completionValues(String prompt, String argument) {
            return Optional.empty();
        }
    };

    /** The prompts, in a stable order. */
    List<PromptInfo> prompts();

    /**
     * The {@code prompts/get} result ({@code description}, {@code messages}) of {@code name} filled
     * with {@code arguments}, or empty if there is no such prompt. Throws {@link PromptArgumentsInvalid}
     * if a required argument is missing or an argument is not declared.
     */
    Optional<JsonObject> get(String name, Map<String, String> arguments);

    /**
     * Every value the {@code argument} of {@code prompt} suggests for completion (the caller filters by
     * what the client typed), or empty if there is no such prompt or argument.
     */
    Optional<List<String>> completionValues(String prompt, String argument);
}
