package dev.statewright.api.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.conformance.ConformanceCase;
import dev.statewright.interpreter.conformance.KnownFailures;
import dev.statewright.interpreter.conformance.RecordedOutcome;
import dev.statewright.interpreter.conformance.RecordedResources;
import dev.statewright.interpreter.engine.Engine;
import dev.statewright.interpreter.engine.EngineOptions;
import dev.statewright.interpreter.engine.ExecutionResult;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.model.DefinitionParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recorded executions that call Lambda functions, run against a Lambda-compatible endpoint
 * whose functions behave as the recordings' Python handlers did, through {@link LambdaTaskHandler}.
 */
class LambdaConformanceTest {
    private static final Instant START = Instant.parse("2024-05-01T12:00:00Z");

    @Test
    void recordedLambdaExecutionsMatchAws() throws IOException {
        Map<String, String> knownFailures = KnownFailures.load(ConformanceCase.fixtures().resolve("conformance-known-failures.txt"));
        List<ConformanceCase> cases = ConformanceCase.allCases().stream()
                .filter(c -> lambdaOnly(c.root().path("needsServices"))).collect(Collectors.toList());
        Map<String, String> failures = new LinkedHashMap<>();
        try (FakeLambda lambda = new FakeLambda()) {
            LambdaTaskHandler handler = new LambdaTaskHandler(new LambdaEndpoint(lambda.uri()), "us-east-1", "111111111111");
            TaskHandlers handlers = TaskHandlers.builder().resourcePrefix("arn:aws:lambda:", handler)
                    .resourcePrefix(LambdaTaskHandler.INVOKE, handler).build();
            for (ConformanceCase c : cases) {
                for (JsonNode function : c.root().path("lambdaBehaviour")) {
                    FakeLambda.Behaviour behaviour = FakeLambda.behaviourOf(function);
                    if (behaviour != null) {
                        lambda.function(RecordedResources.unmaskText(function.path("functionName").asText()), behaviour);
                    }
                }
                String problem = run(c, handlers);
                if (problem != null) {
                    failures.put(c.name(), problem);
                }
            }
        }
        System.out.println("lambda conformance: " + (cases.size() - failures.size()) + " passed, " + failures.size() + " failed");
        List<String> unexpected = failures.entrySet().stream().filter(f -> !knownFailures.containsKey(f.getKey()))
                .map(f -> f.getKey() + ": " + f.getValue()).collect(Collectors.toList());
        unexpected.forEach(line -> System.out.println("UNEXPECTED FAILURE " + line));
        assertThat(cases).hasSizeGreaterThan(70);
        assertThat(unexpected).as("Lambda cases failing that the known-failures list does not name").isEmpty();
    }

    private static boolean lambdaOnly(JsonNode services) {
        for (JsonNode service : services) {
            if (!service.asText().equals("lambda") && !service.asText().equals("iam")) {
                return false;
            }
        }
        return services.size() > 0;
    }

    private static String run(ConformanceCase c, TaskHandlers handlers) {
        ExecutionResult result;
        try {
            Engine engine = new Engine(handlers, EngineOptions.defaults().withAccount("us-east-1", "111111111111")
                    .withRandomSource(() -> new SplittableRandom(7)));
            result = engine.run(DefinitionParser.parse(RecordedResources.unmaskedEverywhere(c.definition())),
                    RecordedResources.unmaskedEverywhere(c.input()),
                    Engine.RunSettings.defaults().withStartTime(START).withNames("StateMachine", "execution-1"));
        } catch (RuntimeException e) {
            return "threw " + e;
        }
        String problem = RecordedOutcome.resultProblem(c, result);
        if (problem != null) {
            return problem;
        }
        return RecordedOutcome.historyProblem(c, result.history().stream().map(HistoryEvent::type).collect(Collectors.toList()));
    }
}
