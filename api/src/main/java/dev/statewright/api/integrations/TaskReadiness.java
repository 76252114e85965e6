package dev.statewright.api.integrations;

import dev.statewright.api.integrations.awssdk.AwsSdkTaskHandler;
import dev.statewright.api.integrations.optimized.OptimizedTaskHandler;
import dev.statewright.interpreter.model.MapState;
import dev.statewright.interpreter.model.ParallelState;
import dev.statewright.interpreter.model.State;
import dev.statewright.interpreter.model.StateMachine;
import dev.statewright.interpreter.model.TaskState;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which Task states of a machine this engine cannot call as it is set up (a service with no
 * endpoint, Lambda with none, a resource no integration serves; a Map's ItemReader or ResultWriter
 * on S3 with no S3 endpoint), so a user learns before the first run what to set up or mock. Only
 * a warning: a mock or an in-process handler may answer them.
 */
public final class TaskReadiness {
    private static final String CALLBACK = ".waitForTaskToken";
    private static final Pattern ACTIVITY = Pattern.compile("arn:[^:]+:states:[^:]*:[^:]*:activity:.+");

    /** A Task state that needs something set up, and what. */
    public record Unready(String stateName, String resource, String why) {
    }

    private TaskReadiness() {
    }

    /** The Task states of {@code machine} (Parallel branches and Map processors included) that need something. */
    public static List<Unready> check(StateMachine machine, AwsSdkTaskHandler sdk, boolean lambdaConfigured) {
        List<Unready> found = new ArrayList<>();
        walk(machine, sdk, lambdaConfigured, found);
        return found;
    }

    private static void walk(StateMachine machine, AwsSdkTaskHandler sdk, boolean lambda, List<Unready> found) {
        for (State state : machine.states().values()) {
            if (state instanceof TaskState task) {
                String why = why(task.resource(), sdk, lambda);
                if (why != null) {
                    found.add(new Unready(task.name(), task.resource(), why));
                }
            } else if (state instanceof ParallelState parallel) {
                parallel.branches().forEach(branch -> walk(branch, sdk, lambda, found));
            } else if (state instanceof MapState map) {
                String reader = map.itemReader() == null ? null : map.itemReader().path("Resource").asText(null);
                if (reader != null && !sdk.reachable("s3")) {
                    found.add(new Unready(map.name(), reader, "its ItemReader reads S3, which has no endpoint here: "
                            + sdk.howToReach("s3")));
                }
                String writer = map.resultWriter() == null ? null : map.resultWriter().path("Resource").asText(null);
                if (writer != null && !sdk.reachable("s3")) {
                    found.add(new Unready(map.name(), writer, "its ResultWriter writes to S3, which has no endpoint here: "
                            + sdk.howToReach("s3")));
                }
                walk(map.processor(), sdk, lambda, found);
            }
        }
    }

    private static String why(String resource, AwsSdkTaskHandler sdk, boolean lambda) {
        if (resource == null) {
            return null;
        }
        String base = resource.endsWith(CALLBACK) ? resource.substring(0, resource.length() - CALLBACK.length())
                : resource.replaceFirst("\\.sync(:2)?$", "");
        if (ACTIVITY.matcher(base).matches() || base.equals(HttpTaskHandler.RESOURCE)
                || base.startsWith(NestedExecutionHandler.START) || base.startsWith(SdkStepFunctionsHandler.PREFIX)) {
            return null;
        }
        if (base.startsWith("arn:aws:lambda:") || base.startsWith(LambdaTaskHandler.INVOKE)) {
            return lambda ? null : "Lambda has no endpoint here: give one with --lambda-endpoint URL (or LAMBDA_ENDPOINT),"
                    + " or mock the state";
        }
        if (base.startsWith(AwsSdkTaskHandler.PREFIX)) {
            String service = base.substring(AwsSdkTaskHandler.PREFIX.length()).split(":")[0];
            return sdk.reachable(service) ? null : "the AWS service '" + service + "' has no endpoint here (or no SDK"
                    + " module): " + sdk.howToReach(service);
        }
        if (OptimizedTaskHandler.handles(base)) {
            String service = base.substring(OptimizedTaskHandler.PREFIX.length()).split(":")[0];
            return new OptimizedTaskHandler(sdk).reachable(base) ? null : "the AWS service '" + service
                    + "' has no endpoint here: " + sdk.howToReach(OptimizedTaskHandler.sdkServiceOf(base));
        }
        return "no integration serves this resource: mock it (--mock-config) or register an in-process handler";
    }
}
