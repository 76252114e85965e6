package dev.statewright.interpreter.teststate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.model.FailState;
import dev.statewright.interpreter.model.MapState;
import dev.statewright.interpreter.model.ParallelState;
import dev.statewright.interpreter.model.PassState;
import dev.statewright.interpreter.model.State;
import dev.statewright.interpreter.model.TaskState;

import java.util.Map;
import java.util.Set;

/**
 * Which data-flow steps AWS's TestState shows for a state: the engine reports them all, and each
 * state type shows those its fields take part in (as AWS's recorded responses show).
 */
final class InspectionRules {
    private static final Set<String> JSONATA = Set.of("input", "afterArguments", "maxConcurrency",
            "toleratedFailureCount", "toleratedFailurePercentage", "variables");
    /** AWS shows a JSONata Parallel's Arguments nowhere in its inspection data. */
    private static final Set<String> JSONATA_PARALLEL = Set.of("input", "variables");
    private static final Set<String> PASS_WITH_RESULT = Set.of("input", "result", "afterResultSelector",
            "afterResultPath", "variables");
    private static final Set<String> PASS = Set.of("input", "afterInputPath", "afterParameters", "afterResultSelector",
            "afterResultPath", "variables");
    private static final Set<String> TASK = Set.of("input", "afterInputPath", "afterParameters", "result",
            "afterResultSelector", "afterResultPath", "variables");
    private static final Set<String> PARALLEL = Set.of("input", "afterResultSelector", "afterResultPath", "variables");
    private static final Set<String> MAP = Set.of("input", "afterInputPath", "afterItemsPath", "maxConcurrency",
            "toleratedFailureCount", "toleratedFailurePercentage", "afterResultSelector", "afterResultPath", "variables");
    private static final Set<String> OTHERS = Set.of("input", "afterInputPath", "variables");

    private InspectionRules() {
    }

    static InspectionData inspectionData(State state, Map<String, JsonNode> steps, ErrorDetails errorDetails) {
        Set<String> shown = shown(state);
        if (state instanceof FailState && !state.dataFlow().jsonata() && steps.containsKey("input")) {
            steps.putIfAbsent("afterInputPath", steps.get("input")); // a Fail state has no InputPath
        }
        java.util.function.Function<String, JsonNode> value = name -> shown.contains(name) ? steps.get(name) : null;
        JsonNode maxConcurrency = value.apply("maxConcurrency");
        JsonNode count = value.apply("toleratedFailureCount");
        JsonNode percentage = value.apply("toleratedFailurePercentage");
        return new InspectionData(value.apply("input"), value.apply("afterInputPath"), value.apply("afterParameters"),
                value.apply("afterArguments"), value.apply("result"), value.apply("afterResultSelector"),
                value.apply("afterResultPath"), value.apply("afterItemsPath"),
                maxConcurrency == null ? null : maxConcurrency.intValue(), count == null ? null : count.intValue(),
                percentage == null ? null : percentage.doubleValue(), errorDetails, value.apply("variables"));
    }

    private static Set<String> shown(State state) {
        if (state.dataFlow().jsonata()) {
            return state instanceof ParallelState ? JSONATA_PARALLEL : JSONATA;
        }
        if (state instanceof PassState pass) {
            return pass.result() != null ? PASS_WITH_RESULT : PASS;
        }
        if (state instanceof TaskState) {
            return TASK;
        }
        if (state instanceof ParallelState) {
            return PARALLEL;
        }
        if (state instanceof MapState) {
            return MAP;
        }
        return OTHERS;
    }
}
