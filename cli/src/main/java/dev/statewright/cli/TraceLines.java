package dev.statewright.cli;

import dev.statewright.interpreter.engine.EventTypes;
import dev.statewright.interpreter.engine.HistoryEvent;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code run --trace}: the history as it happens, one line per step worth seeing, indented by
 * scope: states entered and left, each failure with its error and cause, each retry with the
 * back-off it waited, a Catch taking a failure, Map iterations and Parallel branches.
 *
 * <p>Everything comes from the events alone: each points at the previous event of its branch, so
 * an event sits in the scope of the one it follows, and a state entered right after a
 * MapIterationStarted or a ParallelStateStarted opens a scope one deeper. A back-off is the time
 * (on the execution's clock, so a skipped wait still shows its length) from a failure to the
 * next attempt's scheduling.
 */
final class TraceLines {
    /** A state visit being followed. */
    private static final class Visit {
        final String name;
        final int depth;
        /** The Map iterations and Parallel branches it is in, such as {@code Fan[2] › Checks branch 1}; empty at the top. */
        final String scope;
        int attempts;
        String failedWith;
        Instant failedAt;
        int branches;

        Visit(String name, int depth, String scope) {
            this.name = name;
            this.depth = depth;
            this.scope = scope;
        }
    }

    private final PrintWriter err;
    private final long startNanos;
    private final Map<Long, Integer> depthOf = new HashMap<>();
    private final Map<Long, Visit> visitOf = new HashMap<>();
    private final Map<Long, String> typeOf = new HashMap<>();
    private final Map<Long, Integer> indexOf = new HashMap<>();

    TraceLines(PrintWriter err, long startNanos) {
        this.err = err;
        this.startNanos = startNanos;
    }

    void print(HistoryEvent event) {
        String type = event.type();
        long previousId = event.previousEventId();
        int depth = depthOf.getOrDefault(previousId, 0);
        Visit visit = visitOf.get(previousId);
        String name = text(event, "name");
        if (type.endsWith("StateEntered")) {
            String scope = visit == null ? "" : visit.scope;
            String previous = typeOf.get(previousId);
            if (visit != null && EventTypes.MAP_ITERATION_STARTED.equals(previous)) {
                depth += 2;
                scope = inner(visit, visit.name + "[" + indexOf.get(previousId) + "]");
            } else if (visit != null && EventTypes.PARALLEL_STATE_STARTED.equals(previous)) {
                visit.branches++;
                scope = inner(visit, visit.name + " branch " + visit.branches);
                line(depth + 1, visit.scope, "branch " + visit.branches + " of " + visit.name);
                depth += 2;
            }
            Visit entered = new Visit(name, depth, scope);
            remember(event, depth, entered);
            line(depth, scope, type + " " + name);
            return;
        }
        remember(event, depth, visit);
        if (type.startsWith("Execution")) {
            line(depth, "", type + failure(event));
            return;
        }
        if (visit == null) {
            return;
        }
        if (type.startsWith("MapIteration")) {
            indexOf.put(event.id(), event.details().path("index").asInt());
            line(visit.depth + 1, visit.scope, "iteration " + event.details().path("index").asInt() + " "
                    + type.substring("MapIteration".length()).toLowerCase(Locale.ROOT) + failure(event));
        } else if (type.endsWith("Scheduled") || type.equals(EventTypes.MAP_STATE_STARTED)
                || type.equals(EventTypes.PARALLEL_STATE_STARTED)) {
            if (visit.attempts > 0 && visit.failedWith != null) {
                line(visit.depth + 1, visit.scope, "retry " + visit.attempts + " after " + seconds(visit.failedAt, event.timestamp())
                        + " (" + visit.failedWith + ")");
            }
            visit.attempts++;
            visit.failedWith = null;
        } else if ((type.endsWith("Failed") || type.endsWith("TimedOut")) && event.details() != null
                && event.details().has("error")) {
            visit.failedWith = text(event, "error");
            visit.failedAt = event.timestamp();
            line(visit.depth + 1, visit.scope, "failed" + failure(event));
        } else if (type.endsWith("StateExited")) {
            if (visit.failedWith != null) {
                line(visit.depth + 1, visit.scope, "caught " + visit.failedWith);
            }
            line(visit.depth, visit.scope, type + " " + name);
        } else if (type.endsWith("StateAborted")) {
            line(visit.depth, visit.scope, type + " " + name);
        }
    }

    private static String inner(Visit owner, String label) {
        return owner.scope.isEmpty() ? label : owner.scope + " \u203a " + label;
    }

    private void remember(HistoryEvent event, int depth, Visit visit) {
        depthOf.put(event.id(), depth);
        typeOf.put(event.id(), event.type());
        if (visit != null) {
            visitOf.put(event.id(), visit);
        }
    }

    /** A line indented by its depth; inside an iteration or branch it says which, as they interleave. */
    private void line(int depth, String scope, String text) {
        err.printf("%9.3f ms  %s%s%s%n", (System.nanoTime() - startNanos) / 1e6, "  ".repeat(depth),
                scope.isEmpty() ? "" : scope + ": ", text.replaceAll("\\s*\\R\\s*", " "));
        err.flush();
    }

    private static String failure(HistoryEvent event) {
        String error = text(event, "error");
        String cause = text(event, "cause");
        return error == null && cause == null ? "" : " " + (error == null ? "" : error) + (cause == null ? "" : ": " + cause);
    }

    private static String seconds(Instant from, Instant to) {
        if (from == null) {
            return "?";
        }
        double seconds = Duration.between(from, to).toMillis() / 1000.0;
        return (seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.valueOf(seconds)) + " s";
    }

    private static String text(HistoryEvent event, String field) {
        return event.details() == null || !event.details().hasNonNull(field) ? null : event.details().get(field).asText();
    }
}
