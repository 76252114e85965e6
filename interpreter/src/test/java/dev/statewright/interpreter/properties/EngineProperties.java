package dev.statewright.interpreter.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.Engine;
import dev.statewright.interpreter.engine.EventTypes;
import dev.statewright.interpreter.engine.ExecutionProjection;
import dev.statewright.interpreter.engine.ExecutionResult;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import dev.statewright.interpreter.model.StateMachine;
import dev.statewright.interpreter.model.StateMachineType;
import dev.statewright.interpreter.validation.DefinitionValidator;
import dev.statewright.interpreter.validation.ValidationReport;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine over generated definitions and inputs: what the validator accepts parses and runs
 * to an end (no exception escapes, no hang), SUCCEEDED or FAILED with an error name the
 * definition can give, with a well-formed history that {@link ExecutionProjection} folds back
 * into the same result; data nested past the 512-level limit fails with
 * States.DataLimitExceeded. Tries and seeds: see {@link PropertyBudget}.
 */
@AddLifecycleHook(PropertyBudget.class)
class EngineProperties {
    private static final DefinitionValidator VALIDATOR = new DefinitionValidator();
    /** A loop ends at the 25,000-event history limit within a second or two; nothing should take longer. */
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final Engine ENGINE = new Engine(TaskHandlers.builder()
            .resource(ValidDefinitions.ECHO, request -> CompletableFuture.completedFuture(request.input()))
            .resource(ValidDefinitions.FAILING, request -> CompletableFuture.failedFuture(
                    new StatesException(ValidDefinitions.FAILING_ERROR, "the generated task failed")))
            .build());

    @Provide
    Arbitrary<ObjectNode> machines() {
        return ValidDefinitions.machines();
    }

    @Provide
    Arbitrary<JsonNode> inputs() {
        return JsonValues.inputs();
    }

    @Provide
    Arbitrary<String> mutatedTexts() {
        return DefinitionMutations.texts();
    }

    @Provide
    Arbitrary<String> stressed() {
        return DefinitionMutations.stressed();
    }

    @Provide
    Arbitrary<JsonValues.DeepValue> deepInputs() {
        return JsonValues.deeplyNested();
    }

    @Property(tries = 250)
    void validDefinitionsRunToAnEnd(@ForAll("machines") ObjectNode definition, @ForAll("inputs") JsonNode input) {
        runAndCheck(Json.write(definition), input);
    }

    /** Mutated definitions: those the validator accepts (loops, odd names, edge numbers...) parse and run. */
    @Property(tries = 150)
    void whatTheValidatorAcceptsRuns(@ForAll("mutatedTexts") String text, @ForAll("inputs") JsonNode input) {
        ValidationReport report = Bounded.call(LIMIT, "validate", () -> VALIDATOR.validate(text, StateMachineType.STANDARD));
        Statistics.label("validator").collect(report.valid() ? "valid: ran" : "invalid");
        if (report.valid()) {
            runAndCheck(text, input);
        }
    }

    /** Loops, Parallels and Maps nested hundreds deep, hundreds of nested Nots, a huge comment. */
    @Property(tries = 40)
    void stressedDefinitionsRunToAnEnd(@ForAll("stressed") String text, @ForAll("inputs") JsonNode input) {
        ValidationReport report = Bounded.call(LIMIT, "validate", () -> VALIDATOR.validate(text, StateMachineType.STANDARD));
        Statistics.label("validator").collect(report.valid() ? "valid: ran" : "invalid");
        if (report.valid()) {
            runAndCheck(text, input);
        }
    }

    /** Inputs nested around and past 512 levels. */
    @Property(tries = 60)
    void dataNestedPastTheLimitFailsWithDataLimitExceeded(@ForAll("machines") ObjectNode definition,
                                                          @ForAll("deepInputs") JsonValues.DeepValue input) {
        ExecutionResult result = runAndCheck(Json.write(definition), input.value());
        Statistics.label("depth").collect(input.depth() > Json.MAX_PAYLOAD_DEPTH ? "past the limit" : "within");
        if (input.depth() > Json.MAX_PAYLOAD_DEPTH) {
            assertThat(result.status()).as("status with input %s", input).isEqualTo(ExecutionStatus.FAILED);
            assertThat(result.error()).isEqualTo("States.DataLimitExceeded");
        }
    }

    /** Shrunk by dataNestedPastTheLimitFailsWithDataLimitExceeded: it ended in States.Runtime (fixed). */
    @Example
    void anInputOf513LevelsFailsWithDataLimitExceededWhateverTheFirstStateReads() {
        ObjectNode definition = (ObjectNode) Json.parse("{\"StartAt\":\"S1\",\"States\":{\"S1\":{\"Type\":\"Succeed\",\"OutputPath\":\"$.a\"}}}");
        dataNestedPastTheLimitFailsWithDataLimitExceeded(definition, JsonValues.DeepValue.of(513, true, Json.NODES.numberNode(1)));
    }

    /** Shrunk by whatTheValidatorAcceptsRuns: the intrinsic parser overflowed the stack (fixed: calls nest 100 deep). */
    @Example
    void callsNestedThreeThousandDeepAreRefusedByTheValidator() {
        String text = "{\"StartAt\":\"S1\",\"States\":{\"S1\":{\"Type\":\"Fail\",\"Error\":\"Custom.Failure\",\"Cause\":\"\","
                + "\"Parameters\":{\"bad.$\":\"" + "States.Array(".repeat(3000) + ")".repeat(3000) + "\"}}}}";
        whatTheValidatorAcceptsRuns(text, Json.object());
    }

    /**
     * Found by stressedDefinitionsRunToAnEnd (shortened by hand from the sample it reported, as
     * the run never ended and so could not shrink): a loop in a Distributed Map iteration ran for
     * ever (fixed: the iteration meets the history limit).
     */
    @Example
    void aLoopInADistributedMapIterationEnds() {
        stressedDefinitionsRunToAnEnd("""
                {"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {"Type": "Map", "Items": "{% [1, 2, 3] %}",
                  "MaxConcurrency": 0, "End": true, "ItemProcessor": {"StartAt": "C", "States": {
                    "C": {"Type": "Choice", "Choices": [{"Condition": "{% true %}", "Next": "C"}], "Default": "D"},
                    "D": {"Type": "Succeed"}}, "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}}}}}""",
                Json.object());
    }

    /** Parses and runs, then checks everything that must hold of any run; returns the result for more checks. */
    private static ExecutionResult runAndCheck(String text, JsonNode input) {
        StateMachine machine = Bounded.call(LIMIT, "parse", () -> DefinitionParser.parse(text));
        ExecutionResult result = Bounded.call(LIMIT, "run", () -> ENGINE.run(machine, input));
        JsonNode definition = Json.parse(text);
        Statistics.label("status").collect(result.status());
        Statistics.label("error").collect(result.error() == null ? "-" : result.error().startsWith("States.")
                ? result.error() : "another");

        switch (result.status()) {
            case SUCCEEDED -> {
                assertThat(result.output()).as("output").isNotNull();
                assertThat(result.error()).as("error of a success").isNull();
            }
            case FAILED -> assertThat(PossibleErrors.of(definition).allows(result.error()))
                    .as("the error %s (cause %s) comes from States.* or a Fail state", result.error(), result.cause()).isTrue();
            case TIMED_OUT -> assertThat(definition.has("TimeoutSeconds"))
                    .as("timed out without a TimeoutSeconds, cause %s", result.cause()).isTrue();
            default -> throw new AssertionError("an execution run to its end is " + result.status());
        }
        assertWellFormed(result.history());
        ExecutionProjection projection = ExecutionProjection.of(result.history());
        assertThat(projection.status()).as("projected status").isEqualTo(result.status());
        assertThat(projection.output()).as("projected output").isEqualTo(result.output());
        assertThat(projection.error()).as("projected error").isEqualTo(result.error());
        assertThat(projection.cause()).as("projected cause").isEqualTo(result.cause());
        assertThat(projection.openStates()).as("states open after the end").isEmpty();
        assertThat(projection.lastEventId()).isEqualTo(result.history().size());
        return result;
    }

    /** Ids 1..n; each event follows an earlier one (or none); the run starts and ends as executions do. */
    private static void assertWellFormed(List<HistoryEvent> history) {
        assertThat(history).as("history").isNotEmpty();
        for (int i = 0; i < history.size(); i++) {
            HistoryEvent event = history.get(i);
            assertThat(event.id()).as("id of event %d", i).isEqualTo(i + 1L);
            assertThat(event.previousEventId()).as("previous of event %d (%s)", event.id(), event.type())
                    .isBetween(0L, event.id() - 1);
        }
        assertThat(history.get(0).type()).isEqualTo(EventTypes.EXECUTION_STARTED);
        assertThat(history.get(history.size() - 1).type()).isIn(EventTypes.EXECUTION_SUCCEEDED,
                EventTypes.EXECUTION_FAILED, EventTypes.EXECUTION_TIMED_OUT);
    }
}
