package dev.statewright.api.conformance;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.SfnTestClients;
import dev.statewright.api.StatewrightService;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.interpreter.conformance.ConformanceCase;
import dev.statewright.interpreter.conformance.KnownFailures;
import dev.statewright.interpreter.conformance.KnownFailuresVerdict;
import dev.statewright.interpreter.conformance.RecordedOutcome;
import dev.statewright.interpreter.engine.ExecutionResult;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.statewright.api.SfnTestClients.awaitEnd;

/**
 * The interpreter's conformance cases again, this time through the service's AWS API with the
 * AWS SDK: CreateStateMachine, StartExecution, DescribeExecution, GetExecutionHistory. Results
 * and history event types must match AWS's as they do in process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceConformanceTest {
    private StatewrightService instant;
    private StatewrightService realTime;
    private SfnClient instantClient;
    private SfnClient realTimeClient;

    /** Where the service keeps its executions: in memory here; a subclass runs the suite on another store. */
    protected ServiceConfig onStore(ServiceConfig config) {
        return config.withDataDirectory(null);
    }

    @BeforeAll
    void startServices() {
        instant = StatewrightService.start(configured(onStore(ServiceConfig.defaults().withPort(0)
                .withWaitTimeScale(0))), TaskHandlers.none());
        // Cases that stop an execution in its Wait need the Wait to last; so do cases whose
        // TimeoutSeconds must end a Wait, since a timeout keeps real time whatever the scale.
        realTime = StatewrightService.start(configured(onStore(ServiceConfig.defaults().withPort(0)
                .withWaitTimeScale(1))), TaskHandlers.none());
        instantClient = client(instant.port());
        realTimeClient = client(realTime.port());
    }

    /** The services' configuration: as it is here; a subclass turns authentication on. */
    ServiceConfig configured(ServiceConfig config) {
        return config;
    }

    /** The client the cases run through, for a service on this port. */
    SfnClient client(int port) {
        return SfnTestClients.client(port);
    }

    @AfterAll
    void stopServices() {
        instantClient.close();
        realTimeClient.close();
        instant.close();
        realTime.close();
    }


    /**
     * The cases this suite runs: every one here and on PostgreSQL. The variant that proves the same
     * path with signing runs a {@link ConformanceSample} of them.
     */
    protected List<ConformanceCase> casesToRun(List<ConformanceCase> all) {
        return all;
    }

    @Test
    void recordedExecutionsRunThroughTheApiAsInProcess() throws IOException, InterruptedException {
        Map<String, String> knownFailures = KnownFailures.load(ConformanceCase.fixtures().resolve("conformance-known-failures.txt"));
        List<ConformanceCase> all = ConformanceCase.interpreterCases();
        List<ConformanceCase> cases = casesToRun(all);
        Map<String, String> failures = new LinkedHashMap<>();
        int index = 0;
        for (ConformanceCase c : cases) {
            String problem = run(c, "case-" + index++);
            if (problem != null) {
                failures.put(c.name(), problem);
            }
        }
        String sampled = cases.size() == all.size() ? "" : " (a sample of " + cases.size() + " of " + all.size() + " cases)";
        System.out.println("service conformance" + sampled + ": " + (cases.size() - failures.size()) + " passed, "
                + failures.size() + " failed");
        assertThat(all).hasSizeGreaterThan(500);
        KnownFailuresVerdict.of(knownFailures, cases, failures).assertListIsExact();
    }

    private String run(ConformanceCase c, String machineName) throws InterruptedException {
        boolean stopInWait = c.externalActions().contains("StopExecution");
        boolean timesOut = c.definition().has("TimeoutSeconds");
        SfnClient sfn = stopInWait || timesOut ? realTimeClient : instantClient;
        boolean express = c.root().path("stateMachineType").asText().equals("EXPRESS");
        String machineArn;
        try {
            machineArn = sfn.createStateMachine(b -> b.name(machineName).definition(Json.write(c.definition()))
                    .roleArn("arn:aws:iam::123456789012:role/conformance")
                    .type(express ? StateMachineType.EXPRESS : StateMachineType.STANDARD)).stateMachineArn();
        } catch (RuntimeException e) {
            return "CreateStateMachine refused it: " + e.getMessage();
        }
        String executionArn = sfn.startExecution(b -> b.stateMachineArn(machineArn).name("execution-1")
                .input(Json.write(c.input()))).executionArn();
        if (express) {
            return expressProblem(c, stopInWait || timesOut ? realTime : instant, executionArn);
        }
        if (stopInWait) {
            awaitEvent(sfn, executionArn, "WaitStateEntered");
            sfn.stopExecution(b -> b.executionArn(executionArn));
        }
        DescribeExecutionResponse described = awaitEnd(sfn, executionArn);
        ExecutionResult result = new ExecutionResult(ExecutionStatus.valueOf(described.statusAsString()),
                described.output() == null ? null : Json.parse(described.output()), described.error(), described.cause(),
                List.of());
        String problem = RecordedOutcome.resultProblem(c, result);
        if (problem != null) {
            return problem;
        }
        List<String> types = history(sfn, executionArn).stream().map(HistoryEvent::typeAsString).collect(Collectors.toList());
        return RecordedOutcome.historyProblem(c, types);
    }

    /**
     * An EXPRESS execution, read through the service's own operations: AWS's DescribeExecution and
     * GetExecutionHistory refuse express executions (AWS keeps no history of them; the recordings
     * come from their CloudWatch logs).
     */
    private String expressProblem(ConformanceCase c, StatewrightService service, String executionArn) {
        ExecutionRecord ended = service.stepFunctions().whenFinished(executionArn).orTimeout(30, TimeUnit.SECONDS).join();
        ExecutionResult result = new ExecutionResult(ended.status(), ended.output() == null ? null : Json.parse(ended.output()),
                ended.error(), ended.cause(), List.of());
        String problem = RecordedOutcome.resultProblem(c, result);
        if (problem != null) {
            return problem;
        }
        List<String> types = service.stepFunctions().history(executionArn).stream()
                .map(dev.statewright.interpreter.engine.HistoryEvent::type).collect(Collectors.toList());
        return RecordedOutcome.historyProblem(c, types);
    }

    private static List<HistoryEvent> history(SfnClient sfn, String executionArn) {
        List<HistoryEvent> events = new ArrayList<>();
        sfn.getExecutionHistoryPaginator(b -> b.executionArn(executionArn).maxResults(1000)).events().forEach(events::add);
        return events;
    }

    private static void awaitEvent(SfnClient sfn, String executionArn, String type) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            if (history(sfn, executionArn).stream().anyMatch(e -> e.typeAsString().equals(type))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(executionArn + " never recorded " + type);
    }


}
