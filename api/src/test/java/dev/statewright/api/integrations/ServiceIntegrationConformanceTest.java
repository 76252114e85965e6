package dev.statewright.api.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.conformance.ConformanceCase;
import dev.statewright.interpreter.conformance.KnownFailures;
import dev.statewright.interpreter.conformance.KnownFailuresVerdict;
import dev.statewright.interpreter.conformance.RecordedOutcome;
import dev.statewright.interpreter.conformance.RecordedResources;
import dev.statewright.interpreter.engine.ExecutionResult;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.statewright.api.SfnTestClients.client;

/**
 * The recorded executions that need callbacks, activities or Step Functions itself, run through
 * the service's AWS API. What stood outside the execution in the recording (the worker that
 * answered, the child machine started) is stood in for as {@link ServiceCasePlan} says per case:
 * SQS and SNS are in-process handlers that hand messages to {@link CallbackWorkers}, activities
 * are polled by {@link ActivityWorker}s, child machines are created through the API.
 */
class ServiceIntegrationConformanceTest {
    private static final Set<String> FAMILIES = Set.of("callback", "activity", "states");
    private static final Duration CASE_DEADLINE = Duration.ofSeconds(40);

    @Test
    void recordedCallbackActivityAndStatesExecutionsMatchAws() throws Exception {
        Map<String, String> knownFailures = KnownFailures.load(ConformanceCase.fixtures().resolve("conformance-known-failures.txt"));
        Map<String, ServiceCasePlan> plans = ServiceCasePlan.load();
        List<ConformanceCase> cases = ConformanceCase.allCases().stream().filter(c -> family(c) != null).toList();
        assertThat(cases.stream().map(ConformanceCase::name).filter(name -> !plans.containsKey(name)).toList())
                .as("every case needs a plan for what stands outside it").isEmpty();

        AtomicReference<SfnClient> client = new AtomicReference<>();
        Map<String, String> failures = new LinkedHashMap<>();
        ExecutorService activityWorkers = Executors.newCachedThreadPool();
        try (CallbackWorkers workers = new CallbackWorkers(client::get);
             StatewrightService service = StatewrightService.startWithHandlers(ServiceConfig.defaults().withPort(0)
                     .withDataDirectory(null).withWaitTimeScale(1).withActivityPollTimeout(Duration.ofSeconds(1)),
                     workers.handlers());
             SfnClient sfn = client(service.port())) {
            client.set(sfn);
            // All cases run at once: several wait out real TimeoutSeconds and HeartbeatSeconds.
            Map<String, CompletableFuture<String>> outcomes = new LinkedHashMap<>();
            List<Future<String>> workerResults = new ArrayList<>();
            int index = 0;
            for (ConformanceCase c : cases) {
                String id = "case-" + index++;
                try {
                    String executionArn = start(c, plans.get(c.name()), id, sfn, workers, activityWorkers, workerResults);
                    outcomes.put(c.name(), service.stepFunctions().whenFinished(executionArn)
                            .orTimeout(CASE_DEADLINE.toSeconds(), TimeUnit.SECONDS)
                            .thenApply(ended -> compare(c, sfn, executionArn)));
                } catch (RuntimeException e) {
                    outcomes.put(c.name(), CompletableFuture.completedFuture("could not start: " + e));
                }
            }
            for (Map.Entry<String, CompletableFuture<String>> outcome : outcomes.entrySet()) {
                String problem;
                try {
                    problem = outcome.getValue().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    problem = "did not finish: " + e.getCause();
                }
                if (problem != null) {
                    failures.put(outcome.getKey(), problem);
                }
            }
            for (Future<String> result : workerResults) {
                String problem = result.get(CASE_DEADLINE.toSeconds(), TimeUnit.SECONDS);
                if (problem != null) {
                    workers.problems().add(problem);
                }
            }
            workers.problems().forEach(problem -> System.out.println("WORKER PROBLEM " + problem));
        } finally {
            activityWorkers.shutdownNow();
        }

        report(cases, failures);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
        KnownFailuresVerdict.of(knownFailures, cases, failures).assertListIsExact();
    }

    /** The family a case is counted in, or null when it is not one of these. */
    private static String family(ConformanceCase c) {
        List<String> services = new ArrayList<>();
        c.root().path("needsServices").forEach(service -> services.add(service.asText()));
        return services.stream().filter(FAMILIES::contains).findFirst().orElse(null);
    }

    private static void report(List<ConformanceCase> cases, Map<String, String> failures) {
        Map<String, int[]> byFamily = new TreeMap<>();
        for (ConformanceCase c : cases) {
            int[] counts = byFamily.computeIfAbsent(family(c), f -> new int[2]);
            counts[failures.containsKey(c.name()) ? 1 : 0]++;
        }
        System.out.println("callback/activity/states conformance: " + (cases.size() - failures.size()) + " passed, "
                + failures.size() + " failed " + byFamily.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()[0] + "/" + (e.getValue()[0] + e.getValue()[1]))
                .collect(Collectors.joining(", ", "(", ")")));
    }

    /** Stands in for what the case needs outside, then starts it; returns the execution's ARN. */
    private static String start(ConformanceCase c, ServiceCasePlan plan, String id, SfnClient sfn, CallbackWorkers workers,
                                ExecutorService activityWorkers, List<Future<String>> workerResults) {
        String queueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/" + id;
        String topicArn = "arn:aws:sns:us-east-1:123456789012:" + id;
        workers.listen(queueUrl, plan);
        workers.listen(topicArn, plan);
        String activityArn = plan.behaviour().isActivity() ? sfn.createActivity(b -> b.name(id)).activityArn() : null;
        UnaryOperator<String> destinations = text -> switch (text) {
            case "sqs_queue_url", "<sqs_queue_url>", "<queue-url:1>" -> queueUrl;
            case "activity_arn" -> activityArn != null ? activityArn : text;
            default -> text.startsWith("arn:<partition>:sns:") ? topicArn : text;
        };
        JsonNode definition = RecordedResources.unmaskedEverywhere(replaceStrings(c.definition(), destinations));
        JsonNode input = RecordedResources.unmaskedEverywhere(replaceStrings(c.input(), destinations));
        if (plan.behaviour() == ServiceCasePlan.Behaviour.CHILD_MACHINE) {
            String childArn = sfn.createStateMachine(b -> b.name(id + "-child").roleArn("arn:aws:iam::123456789012:role/r")
                    .definition(Json.write(replaceStrings(plan.child(), destinations)))).stateMachineArn();
            ((ObjectNode) input).put("StateMachineArn", childArn);
        } else if (plan.behaviour() == ServiceCasePlan.Behaviour.NO_SUCH_CHILD_MACHINE) {
            ((ObjectNode) input).put("StateMachineArn", "arn:aws:states:us-east-1:123456789012:stateMachine:" + id + "-missing");
        }
        if (plan.behaviour() == ServiceCasePlan.Behaviour.ACTIVITY_DELETED_BEFORE_START) {
            sfn.deleteActivity(b -> b.activityArn(activityArn));
        } else if (activityArn != null) {
            workerResults.add(activityWorkers.submit(new ActivityWorker(sfn, activityArn, plan)));
        }
        String machineArn = sfn.createStateMachine(b -> b.name(id).definition(Json.write(definition))
                .roleArn("arn:aws:iam::123456789012:role/conformance")).stateMachineArn();
        return sfn.startExecution(b -> b.stateMachineArn(machineArn).name("execution-1").input(Json.write(input)))
                .executionArn();
    }

    private static String compare(ConformanceCase c, SfnClient sfn, String executionArn) {
        DescribeExecutionResponse described = sfn.describeExecution(b -> b.executionArn(executionArn));
        ExecutionResult result = new ExecutionResult(ExecutionStatus.valueOf(described.statusAsString()),
                described.output() == null ? null : Json.parse(described.output()), described.error(), described.cause(),
                List.of());
        String problem = RecordedOutcome.resultProblem(c, result);
        if (problem != null) {
            return problem;
        }
        List<String> types = new ArrayList<>();
        sfn.getExecutionHistoryPaginator(b -> b.executionArn(executionArn)).events()
                .forEach(event -> types.add(event.typeAsString()));
        return RecordedOutcome.historyProblem(c, types);
    }

    /** A copy of the value with every string (values, not keys) passed through the function. */
    private static JsonNode replaceStrings(JsonNode value, UnaryOperator<String> replacement) {
        if (value.isTextual()) {
            return TextNode.valueOf(replacement.apply(value.textValue()));
        }
        JsonNode copy = value.deepCopy();
        if (copy.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                ((ObjectNode) copy).set(field.getKey(), replaceStrings(field.getValue(), replacement));
            }
        } else if (copy.isArray()) {
            for (int i = 0; i < copy.size(); i++) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) copy).set(i, replaceStrings(value.get(i), replacement));
            }
        }
        return copy;
    }

}
