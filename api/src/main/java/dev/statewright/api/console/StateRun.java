package dev.statewright.api.console;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One visit of a state, rebuilt from the history: what went in and came out, how it ended and the
 * failures on the way (each retried attempt's error).
 *
 * @param scope         where the visit ran: empty at the top level, else the enclosing Map iterations and
 *                      Parallel branches, such as {@code FanOut[3]} or {@code Both[branch 2]}
 * @param status        {@code succeeded}, {@code failed}, {@code caught} (failed, and a Catch went on),
 *                      {@code aborted} or {@code running}
 * @param retries       attempts after the first (Task, Parallel and Map retries)
 * @param failures      every failure recorded in the visit, retried or final
 * @param enteredAt     ISO-8601 instants, as the REST API gives times; exitedAt is null until it exits
 */
public record StateRun(String scope, String name, String type, long enteredEventId, Long exitedEventId,
                       String status, JsonNode input, JsonNode output, String error, String cause, int retries,
                       List<Failure> failures, String enteredAt, String exitedAt) {
    public StateRun {
        failures = List.copyOf(failures);
    }

    /** One failure event of a visit. */
    public record Failure(long eventId, String type, String error, String cause, String timestamp) {
    }
}
