package dev.statewright.api.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a recorded service case is stood in for: who answered its task (a callback worker, an
 * activity worker) or what child machine it started. Read from
 * {@code conformance/service-case-plans.json}, one entry per case with the reason from the recording.
 *
 * @param worker     the callback worker on the case's queue (for a child machine that sends messages), or null
 * @param child      the child state machine's definition, for {@link Behaviour#CHILD_MACHINE}
 * @param heartbeats how many heartbeats the worker sends before it answers
 */
public record ServiceCasePlan(Behaviour behaviour, Behaviour worker, int heartbeats, String workerName, String error,
                       String cause, JsonNode output, JsonNode child, String reason) {

    /** What stands in for the world outside the execution. */
    enum Behaviour {
        // Callback workers: they read the message the task sent (SQS MessageBody, SNS Message) and answer its token.
        ANSWER_WITH_MESSAGE_BODY, ANSWER_WITH_MESSAGE_FIELD, ANSWER_WITH_EMPTY_OBJECT, FAIL_WITHOUT_ERROR,
        FAIL_WITH_GIVEN_ERROR, FAIL_WHEN_MESSAGE_ASKS, STAY_SILENT,
        // Activity workers: they poll GetActivityTask.
        ECHO_ACTIVITY_INPUT, FAIL_WITH_INPUT_AS_CAUSE, TAKE_TASK_AND_STAY_SILENT, ACTIVITY_DELETED_BEFORE_START,
        // Child executions for states:startExecution.
        CHILD_MACHINE, NO_SUCH_CHILD_MACHINE,
        // Nothing outside is reached: the execution fails first, or calls Step Functions itself.
        NEVER_REACHED;

        boolean isActivity() {
            return this == ECHO_ACTIVITY_INPUT || this == FAIL_WITH_INPUT_AS_CAUSE || this == TAKE_TASK_AND_STAY_SILENT
                    || this == ACTIVITY_DELETED_BEFORE_START;
        }
    }

    /** The callback worker listening on the case's queue or topic, if any. */
    Behaviour queueWorker() {
        if (worker != null) {
            return worker;
        }
        return behaviour.isActivity() || behaviour == Behaviour.CHILD_MACHINE || behaviour == Behaviour.NO_SUCH_CHILD_MACHINE
                || behaviour == Behaviour.NEVER_REACHED ? null : behaviour;
    }

    public static Map<String, ServiceCasePlan> load() {
        try (InputStream in = ServiceCasePlan.class.getResourceAsStream("/conformance/service-case-plans.json")) {
            JsonNode root = Json.MAPPER.readTree(in);
            Map<String, ServiceCasePlan> plans = new LinkedHashMap<>();
            root.get("cases").fields().forEachRemaining(entry -> plans.put(entry.getKey(), of(entry.getValue())));
            return plans;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ServiceCasePlan of(JsonNode entry) {
        if (!entry.path("reason").isTextual() || entry.get("reason").asText().isBlank()) {
            throw new IllegalStateException("A plan needs a reason: " + entry);
        }
        return new ServiceCasePlan(Behaviour.valueOf(entry.get("behaviour").asText()),
                entry.has("worker") ? Behaviour.valueOf(entry.get("worker").asText()) : null,
                entry.path("heartbeats").asInt(0), entry.path("workerName").asText(null),
                entry.path("error").asText(null), entry.path("cause").asText(null), entry.get("output"),
                entry.get("child"), entry.get("reason").asText());
    }
}
