package dev.statewright.junit;

import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.statewright.junit.WorkflowAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The examples in state-machines/, tested with the extension: each path they can take. */
@StatewrightTest
class ExampleStateMachinesTest {
    static final Path EXAMPLES = projectRoot().resolve("state-machines");

    @Test
    void orderRouterPicksTheShippingByTheOrder(Workflows workflows) throws IOException {
        WorkflowUnderTest router = workflows.load(EXAMPLES.resolve("order-router/definition.json"));
        assertThat(router.run(input("order-router"))).hasOutput(expected("order-router"))
                .wentThrough("Route", "FreeShipping", "Summarise");
        assertThat(router.run("{\"order\": {\"id\": \"B-2\", \"country\": \"DE\", \"total\": 40, \"express\": true}}"))
                .succeeded().passedThrough("Route", "ExpressShipping").neverEntered("FreeShipping");
        assertThat(router.run("{}")).failedWith("States.Runtime");
    }

    @Test
    void orderSagaShipsOrRollsBack(Workflows workflows) throws IOException {
        WorkflowUnderTest saga = workflows.load(EXAMPLES.resolve("order-saga/definition.json"))
                .mockReturning("CreateShipment", "{\"trackingId\": \"TRK-1\"}");
        assertThat(saga.run(input("order-saga"))).succeeded()
                .hasOutputAt("/status", "\"COMPLETED\"").hasOutputAt("/shipment/trackingId", "\"TRK-1\"")
                .passedThrough("ReserveStock", "ChargePayment", "CreateShipment", "Completed");

        saga.mockFailing("CreateShipment", "Carrier.Unavailable", "no carrier today");
        assertThat(saga.run(input("order-saga"))).succeeded().hasOutputAt("/status", "\"ROLLED_BACK\"")
                .passedThrough("CreateShipment", "ShipmentFailed", "RefundPayment", "ReleaseStock")
                .hasEvent("LambdaFunctionFailed");

        String declined = input("order-saga").replace("\"valid\"", "\"declined\"");
        assertThat(saga.run(declined)).succeeded().hasOutputAt("/failedStep", "\"ChargePayment\"")
                .passedThrough("CheckCard", "CardDeclined", "PaymentFailed").neverEntered("CreateShipment");
    }

    @Test
    void parallelGatherAndRecordsFanOutGiveTheirExpectedOutputs(Workflows workflows) throws IOException {
        assertThat(workflows.load(EXAMPLES.resolve("parallel-gather/definition.json")).run(input("parallel-gather")))
                .hasOutput(expected("parallel-gather"));
        WorkflowRun fanOut = workflows.load(EXAMPLES.resolve("records-fan-out/definition.json")).run(input("records-fan-out"));
        assertThat(fanOut).hasOutput(expected("records-fan-out")).hasEvents("MapIterationSucceeded", 7);
    }

    @Test
    void retryWithBackoffFromTheMockFileAndFromLambdas(Workflows workflows) throws IOException {
        Path mocks = EXAMPLES.resolve("retry-with-backoff/mock-config.json");
        WorkflowUnderTest inventory = workflows.load(EXAMPLES.resolve("retry-with-backoff/definition.json"));
        assertThat(inventory.withMockConfig(mocks, "RecoversOnThirdTry").run(input("retry-with-backoff")))
                .hasOutputAt("/stock/source", "\"live\"").hasEvents("LambdaFunctionFailed", 2);
        assertThat(inventory.withMockConfig(mocks, "AlwaysBusy").run(input("retry-with-backoff")))
                .hasOutputAt("/stock/source", "\"cache\"").hasEvents("LambdaFunctionScheduled", 5);

        long started = System.nanoTime();
        WorkflowRun run = workflows.load(EXAMPLES.resolve("retry-with-backoff/definition.json"))
                .mock("CheckInventory", MockAnswer.inOrder(
                        MockAnswer.failing("States.TaskFailed", "busy"),
                        MockAnswer.timingOut(),
                        MockAnswer.failing("States.TaskFailed", "busy"),
                        (input, call) -> Json.object().put("available", input.path("sku").asText().length())))
                .run(input("retry-with-backoff"));
        assertThat(run).hasOutputAt("/stock/available", "7").wentThrough("CheckInventory");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("2 + 4 + 8 s of back-off, skipped")
                .isLessThan(Duration.ofSeconds(10));
        List<HistoryEvent> scheduled = run.history().stream().filter(e -> e.type().equals("LambdaFunctionScheduled")).toList();
        assertThat(Duration.between(scheduled.get(0).timestamp(), scheduled.get(3).timestamp()))
                .as("the history still shows the back-off").isGreaterThanOrEqualTo(Duration.ofSeconds(14));

        assertThat(workflows.load(EXAMPLES.resolve("retry-with-backoff/definition.json"))
                .mockFailing("CheckInventory", "Inventory.UnknownSku", "no such sku").run(input("retry-with-backoff")))
                .passedThrough("CheckInventory", "UnknownSku").hasEvents("LambdaFunctionScheduled", 1);
    }

    @Test
    void aMockFileThatDoesNotFitTheMachineIsRefusedAtSetUp(Workflows workflows) throws IOException {
        Path mocks = Files.writeString(Files.createTempFile("mocks", ".json"), """
                {"StateMachines": {"retry-with-backoff": {"TestCases": {"Typo": {"CheckInventroy": "R"}}}},
                 "MockedResponses": {"R": {"0": {"Return": {}}}}}
                """);
        assertThatThrownBy(() -> workflows.load(EXAMPLES.resolve("retry-with-backoff/definition.json"))
                .withMockConfig(mocks, "Typo"))
                .hasMessageContaining("test case 'Typo' of 'retry-with-backoff': state 'CheckInventroy': there is no such state");
    }

    private static String input(String example) throws IOException {
        return Files.readString(EXAMPLES.resolve(example + "/input.json"));
    }

    private static String expected(String example) throws IOException {
        return Files.readString(EXAMPLES.resolve(example + "/expected.json"));
    }

    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("state-machines"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("state-machines/ not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
