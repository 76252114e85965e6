package dev.statewright.interpreter.engine;

import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The task handlers an engine knows, chosen by Resource ARN: an exact ARN first, then the longest
 * registered prefix. Immutable; build one with {@link #builder()}.
 */
public final class TaskHandlers {
    private final Map<String, TaskHandler> exact;
    private final Map<String, TaskHandler> prefixes;

    private TaskHandlers(Map<String, TaskHandler> exact, Map<String, TaskHandler> prefixes) {
        this.exact = Map.copyOf(exact);
        this.prefixes = Map.copyOf(prefixes);
    }

    public static TaskHandlers none() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The handler for a resource; one that fails with a clear error when none is registered. */
    public TaskHandler forResource(String resource) {
        return find(resource).orElse(request -> CompletableFuture.failedFuture(new StatesException(StatesErrors.TASK_FAILED,
                "No task handler is registered for the resource '" + resource
                        + "'. Register a handler for it, or mock it.")));
    }

    /** The registered handler for a resource (exact ARN, then longest prefix), if there is one. */
    public Optional<TaskHandler> find(String resource) {
        TaskHandler handler = exact.get(resource);
        if (handler != null) {
            return Optional.of(handler);
        }
        String best = null;
        for (String prefix : prefixes.keySet()) {
            if (resource.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? Optional.empty() : Optional.of(prefixes.get(best));
    }

    public static final class Builder {
        private final Map<String, TaskHandler> exact = new LinkedHashMap<>();
        private final Map<String, TaskHandler> prefixes = new LinkedHashMap<>();

        /** Handles exactly this Resource ARN. */
        public Builder resource(String arn, TaskHandler handler) {
            exact.put(arn, handler);
            return this;
        }

        /** Handles every Resource ARN that starts with the prefix. */
        public Builder resourcePrefix(String prefix, TaskHandler handler) {
            prefixes.put(prefix, handler);
            return this;
        }

        public TaskHandlers build() {
            return new TaskHandlers(exact, prefixes);
        }
    }
}
