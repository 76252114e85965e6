package dev.statewright.interpreter.engine;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading an execution's history in tests. */
final class Histories {
    private Histories() {
    }

    static List<String> types(ExecutionResult result) {
        return result.history().stream().map(HistoryEvent::type).toList();
    }

    static List<HistoryEvent> events(ExecutionResult result, String type) {
        return result.history().stream().filter(event -> event.type().equals(type)).toList();
    }

    /** The one event of a type, failing the test when there is not exactly one. */
    static HistoryEvent only(ExecutionResult result, String type) {
        List<HistoryEvent> matching = events(result, type);
        assertThat(matching).as("events of type %s", type).hasSize(1);
        return matching.get(0);
    }

    static long count(ExecutionResult result, String type) {
        return events(result, type).size();
    }

    static HistoryEvent last(ExecutionResult result) {
        return result.history().get(result.history().size() - 1);
    }

    static List<Instant> timestamps(ExecutionResult result, String type) {
        return events(result, type).stream().map(HistoryEvent::timestamp).toList();
    }

    static List<String> enteredStates(ExecutionResult result) {
        return namesOf(result, "StateEntered");
    }

    static List<String> exitedStates(ExecutionResult result) {
        return namesOf(result, "StateExited");
    }

    private static List<String> namesOf(ExecutionResult result, String suffix) {
        return result.history().stream().filter(event -> event.type().endsWith(suffix))
                .map(event -> event.details().path("name").asText()).toList();
    }

    /** Ids run 1..n and each event follows an earlier one. */
    static void assertWellFormed(ExecutionResult result) {
        List<HistoryEvent> history = result.history();
        for (int i = 0; i < history.size(); i++) {
            assertThat(history.get(i).id()).isEqualTo(i + 1L);
            assertThat(history.get(i).previousEventId()).isLessThan(history.get(i).id());
        }
    }
}
