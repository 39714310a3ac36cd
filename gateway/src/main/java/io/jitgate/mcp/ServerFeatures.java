package io.jitgate.mcp;

import io.jitgate.prompts.PromptProvider;
import io.jitgate.resources.ResourceProvider;
import io.vertx.core.json.JsonObject;

/**
 * The MCP server features beside tools: resources and prompts (and completion of their arguments).
 * A feature whose provider is {@code NONE} is not offered: its capability is left out and its
 * methods answer -32601.
 */
public record ServerFeatures(ResourceProvider resources, PromptProvider prompts) {
    public static final ServerFeatures NONE = new ServerFeatures(ResourceProvider.NONE, PromptProvider.NONE);

    public ServerFeatures {
        resources = resources == null ? ResourceProvider.NONE : resources;
        prompts = prompts == null ? PromptProvider.NONE : prompts;
    }

    public boolean offersResources() {
        return resources != ResourceProvider.NONE;
    }

    public boolean offersPrompts() {
        return prompts != PromptProvider.NONE;
    }

    /** Adds the capabilities of the features offered to an {@code initialize} result's capabilities. */
    public JsonObject addCapabilities(JsonObject capabilities) {
        if (offersResources()) {
            // The catalogue is fixed while the gateway runs: subscriptions are kept, no update is ever due.
            capabilities.put("resources", new JsonObject().put("subscribe", true).put("listChanged", false));
        }
        if (offersPrompts()) {
            capabilities.put("prompts", new JsonObject().put("listChanged", false));
        }
        if (offersResources() || offersPrompts()) {
            capabilities.put("completions", new JsonObject());
        }
        return capabilities;
    }
}
