package dev.statewright.interpreter.validation;

import dev.statewright.interpreter.model.StateMachineType;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Task resources: optimized integrations must name an action AWS offers, and EXPRESS machines
 * may not wait for activities, jobs ({@code .sync}) or callbacks ({@code .waitForTaskToken}).
 */
final class ResourceChecks {
    private static final Pattern ACTIVITY = Pattern.compile("arn:[^:]+:states:[^:]*:[^:]*:activity:.+");
    private static final Pattern OPTIMIZED = Pattern.compile("arn:([^:]+):states:::([^:]+):([^.]+)(\\..+)?");

    /**
     * The actions of the optimized integrations whose action set is small and stable. A service
     * not listed here is not judged (AWS adds integrations; a false alarm is worse than a miss).
     */
    private static final Map<String, Set<String>> OPTIMIZED_ACTIONS = Map.of(
            "lambda", Set.of("invoke"),
            "dynamodb", Set.of("getItem", "putItem", "updateItem", "deleteItem"),
            "sns", Set.of("publish"),
            "sqs", Set.of("sendMessage"),
            "states", Set.of("startExecution"),
            "events", Set.of("putEvents"),
            "apigateway", Set.of("invoke"),
            "http", Set.of("invoke"));

    private static final Set<String> SUFFIXES = Set.of(".sync", ".sync:2", ".waitForTaskToken");

    private final Findings findings;

    ResourceChecks(Findings findings) {
        this.findings = findings;
    }

    void check(String resource, StateMachineType type, String at) {
        if (resource.startsWith("{%")) {
            return; // a JSONata expression, known only at run time
        }
        var optimized = OPTIMIZED.matcher(resource);
        if (optimized.matches()) {
            String suffix = optimized.group(4);
            Set<String> actions = OPTIMIZED_ACTIONS.get(optimized.group(2));
            if (suffix != null && !SUFFIXES.contains(suffix)
                    || actions != null && !actions.contains(optimized.group(3))) {
                findings.schema(at, "The resource provided " + resource + " is not recognized. The value is not a"
                        + " valid resource ARN, or the resource is not available in this region.");
                return;
            }
        }
        if (type != StateMachineType.EXPRESS) {
            return;
        }
        if (ACTIVITY.matcher(resource).matches()) {
            findings.schema(at, "Express state machine does not support Activity ARN");
        } else if (resource.endsWith(".sync") || resource.endsWith(".sync:2")) {
            findings.schema(at, "Express state machine does not support '.sync' service integration");
        } else if (resource.endsWith(".waitForTaskToken")) {
            // AWS's message ends with a space; kept so that messages compare equal.
            findings.schema(at, "Express state machine does not support '.waitForTaskToken' service integration ");
        }
    }
}
