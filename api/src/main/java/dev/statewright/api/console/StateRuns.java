package dev.statewright.api.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.engine.EventTypes;
import dev.statewright.interpreter.engine.HistoryEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds an execution's history into state visits. Every event of a branch points at the branch's
 * previous event, so an event belongs to the visit (and the Map iteration or Parallel branch) of
 * the event it follows; a state-entered event starts a new visit, and one that follows a
 * MapIterationStarted or a ParallelStateStarted starts a new iteration or branch. A visit whose
 * last attempt failed and that still exited was caught: a Catch rule's transition exits the state.
 */
final class StateRuns {
    /** A visit being rebuilt: mutable while the fold runs, a {@link StateRun} at the end. */
    private static final class Visit {
        final String scope;
        final String name;
        final String type;
        final HistoryEvent entered;
        HistoryEvent exited;
        boolean aborted;
        boolean caught;
        int starts;
        /** The last attempt failed: an exit after it means a Catch took the failure. */
        boolean lastAttemptFailed;
        JsonNode output;
        String error;
        String cause;
        final List<StateRun.Failure> failures = new ArrayList<>();

        Visit(String scope, HistoryEvent entered, String type) {
            this.scope = scope;
            this.name = entered.details().path("name").asText();
            this.type = type;
            this.entered = entered;
        }
    }

    private StateRuns() {
    }

    /**
     * @param definition the execution's definition, for Fail states' Error and Cause (no event of
     *                   the failing branch carries them when it is nested)
     * @param running    whether the execution is still running (unfinished visits are running, else aborted)
     */
    static List<StateRun> of(List<HistoryEvent> history, JsonNode definition, boolean running) {
        Map<Long, HistoryEvent> byId = new HashMap<>();
        Map<Long, String> scopeOf = new HashMap<>();
        Map<Long, Visit> visitOf = new HashMap<>();
        Map<Long, Integer> branchesStarted = new HashMap<>();
        List<Visit> visits = new ArrayList<>();
        Map<String, JsonNode> failStates = new HashMap<>();
        collectFailStates(definition, failStates);
        for (HistoryEvent event : history) {
            byId.put(event.id(), event);
            HistoryEvent previous = byId.get(event.previousEventId());
            String scope = previous == null ? "" : scopeOf.getOrDefault(previous.id(), "");
            Visit before = previous == null ? null : visitOf.get(previous.id());
            String type = event.type();
            if (type.equals(EventTypes.EXECUTION_REDRIVEN)) {
                // What the earlier run left open ended with it; the redrive enters its states anew, at the top.
                visits.forEach(open -> open.aborted |= open.exited == null);
                scopeOf.put(event.id(), "");
                continue;
            }
            if (type.endsWith("StateEntered")) {
                if (previous != null && previous.type().equals(EventTypes.MAP_ITERATION_STARTED)) {
                    scope = child(scope, before, "[" + previous.details().path("index").asInt() + "]");
                } else if (previous != null && previous.type().equals(EventTypes.PARALLEL_STATE_STARTED)) {
                    int branch = branchesStarted.merge(previous.id(), 1, Integer::sum);
                    scope = child(scope, before, "[branch " + branch + "]");
                } else if (before != null && before.exited == null && !before.failures.isEmpty()) {
                    before.caught = true; // the branch went on from a failed visit: a Catch took it
                }
                Visit visit = new Visit(scope, event, type.substring(0, type.length() - "StateEntered".length()));
                if (visit.type.equals("Fail") && failStates.containsKey(visit.name)) {
                    // No event of a nested branch carries a Fail state's error: the definition does.
                    visit.error = failStates.get(visit.name).path("Error").asText(null);
                    visit.cause = failStates.get(visit.name).path("Cause").asText(null);
                }
                visits.add(visit);
                scopeOf.put(event.id(), scope);
                visitOf.put(event.id(), visit);
                continue;
            }
            scopeOf.put(event.id(), scope);
            if (before == null) {
                continue;
            }
            visitOf.put(event.id(), before);
            apply(before, event, visits);
        }
        List<StateRun> runs = new ArrayList<>(visits.size());
        for (Visit visit : visits) {
            runs.add(new StateRun(visit.scope, visit.name, visit.type, visit.entered.id(),
                    visit.exited == null ? null : visit.exited.id(), status(visit, running),
                    visit.entered.details().get("input"), visit.output, visit.error, visit.cause,
                    Math.max(0, visit.starts - 1), visit.failures, visit.entered.timestamp().toString(),
                    visit.exited == null ? null : visit.exited.timestamp().toString()));
        }
        return runs;
    }

    private static String child(String scope, Visit owner, String suffix) {
        String label = (owner == null ? "?" : owner.name) + suffix;
        return scope.isEmpty() ? label : scope + " \u203a " + label;
    }

    private static void apply(Visit visit, HistoryEvent event, List<Visit> visits) {
        String type = event.type();
        if (type.endsWith("StateExited")) {
            visit.exited = event;
            visit.output = event.details().get("output");
        } else if (type.endsWith("StateAborted")) {
            visit.aborted = true;
        } else if (type.endsWith("Scheduled") || type.equals(EventTypes.MAP_STATE_STARTED)
                || type.equals(EventTypes.PARALLEL_STATE_STARTED)) {
            visit.starts++;
            visit.lastAttemptFailed = false;
        } else if ((type.endsWith("Failed") || type.endsWith("TimedOut")) && !type.startsWith("MapIteration")
                && !type.startsWith("Execution")) {
            JsonNode details = event.details();
            String error = details == null ? null : details.path("error").asText(null);
            String cause = details == null ? null : details.path("cause").asText(null);
            if (error == null) {
                // MapStateFailed and ParallelStateFailed carry no error: it is the one that failed inside.
                Visit inner = lastFailureInside(visit, visits);
                error = inner == null ? null : inner.error;
                cause = inner == null ? null : inner.cause;
            }
            visit.failures.add(new StateRun.Failure(event.id(), type, error, cause, event.timestamp().toString()));
            visit.error = error;
            visit.cause = cause;
            visit.lastAttemptFailed = true;
        } else if (type.equals("ExecutionFailed") && event.details() != null && event.details().has("error")
                && visit.error == null) {
            // A top-level Fail state (or a failure with no event of its own) ends the execution directly.
            // A stop (ExecutionAborted) or the execution's timeout is not the state's failure: it stays aborted.
            visit.error = event.details().path("error").asText(null);
            visit.cause = event.details().path("cause").asText(null);
        }
    }

    /** The latest visit with an error in one of the Map iterations or Parallel branches of {@code owner}. */
    private static Visit lastFailureInside(Visit owner, List<Visit> visits) {
        String prefix = child(owner.scope, owner, "[");
        for (int i = visits.size() - 1; i >= 0; i--) {
            Visit candidate = visits.get(i);
            if (candidate == owner) {
                return null;
            }
            if (candidate.error != null && candidate.scope.startsWith(prefix)) {
                return candidate;
            }
        }
        return null;
    }

    private static String status(Visit visit, boolean running) {
        if (visit.caught || visit.lastAttemptFailed) {
            return visit.exited != null || visit.caught ? "caught" : "failed";
        }
        if (visit.exited != null) {
            return "succeeded";
        }
        if (visit.type.equals("Fail") || !visit.failures.isEmpty() || visit.error != null) {
            return "failed";
        }
        if (visit.aborted) {
            return "aborted";
        }
        return running ? "running" : "aborted";
    }

    private static void collectFailStates(JsonNode machine, Map<String, JsonNode> into) {
        machine.path("States").fields().forEachRemaining(field -> {
            JsonNode state = field.getValue();
            if ("Fail".equals(state.path("Type").asText())) {
                into.put(field.getKey(), state);
            }
            state.path("Branches").forEach(branch -> collectFailStates(branch, into));
            collectFailStates(state.path("ItemProcessor"), into);
            collectFailStates(state.path("Iterator"), into);
        });
    }
}
