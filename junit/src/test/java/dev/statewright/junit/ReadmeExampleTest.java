package dev.statewright.junit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static dev.statewright.junit.WorkflowAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's JUnit example, run. The code between the README markers below is the README's,
 * line for line: {@link #theReadmeShowsThisCode} fails if the two drift apart.
 */
@StatewrightTest
class ReadmeExampleTest {
    private static final Path ROOT = ExampleStateMachinesTest.projectRoot();

    // README:begin
    private static final String INPUT =
            "{\"sku\": \"LAMP-02\", \"warehouse\": \"leipzig\", \"cachedStock\": {\"available\": 14, \"asOf\": \"2024-06-03\"}}";

    @Test
    void recoversWhenTheInventoryAnswersOnTheThirdTry(Workflows workflows) {
        WorkflowRun run = workflows.load(Path.of("state-machines/retry-with-backoff/definition.json"))
                .mock("CheckInventory", MockAnswer.inOrder(
                        MockAnswer.failing("States.TaskFailed", "inventory service busy"),
                        MockAnswer.timingOut(),
                        MockAnswer.returning("{\"available\": 3}")))
                .run(INPUT);

        assertThat(run).succeeded()
                .hasOutputAt("/stock", "{\"available\": 3, \"source\": \"live\"}")
                .wentThrough("CheckInventory")
                .hasEvents("LambdaFunctionScheduled", 3);
    }

    @Test
    void fallsBackToTheCacheWithTheMockFile(Workflows workflows) {
        WorkflowRun run = workflows.load(Path.of("state-machines/retry-with-backoff/definition.json"))
                .withMockConfig(Path.of("state-machines/retry-with-backoff/mock-config.json"), "AlwaysBusy")
                .run(INPUT);

        assertThat(run).succeeded()
                .hasOutputAt("/stock/source", "\"cache\"")
                .hasEventsInOrder("TaskStateEntered", "LambdaFunctionFailed", "TaskStateExited");
    }
    // README:end

    @Test
    void theReadmeShowsThisCode() throws IOException {
        String source = Files.readString(ROOT.resolve("junit/src/test/java/dev/statewright/junit/ReadmeExampleTest.java"));
        String example = source.substring(source.indexOf("// README:begin") + "// README:begin".length(),
                source.indexOf("    // README:end"));
        List<String> lines = Arrays.stream(example.split("\n")).map(String::strip).filter(l -> !l.isEmpty()).toList();
        List<String> readme = Files.readAllLines(ROOT.resolve("README.md")).stream().map(String::strip)
                .filter(l -> !l.isEmpty()).toList();
        assertThat(lines).isNotEmpty();
        assertThat(readme).as("README.md holds the example as tested").containsSubsequence(lines);
        assertThat(String.join("\n", readme)).contains(String.join("\n", lines));
    }
}
