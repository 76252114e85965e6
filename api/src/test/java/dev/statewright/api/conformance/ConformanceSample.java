package dev.statewright.api.conformance;

import dev.statewright.interpreter.conformance.ConformanceCase;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed sample of the conformance cases, stratified by feature, for the suite's variants (the
 * PostgreSQL store, signed requests): they prove the same path as the embedded run, which runs
 * every case, so they need each feature, not each of the 380 Choice cases. Taken in the corpus's
 * order, the same every run: each case with a feature fewer than {@value #PER_FEATURE} cases so far
 * had (so every rare feature is run whole up to that count), each case the suite runs another way
 * (stopped in a Wait, timed out, EXPRESS), and every {@value #ONE_IN}th of the rest.
 */
final class ConformanceSample {
    static final int PER_FEATURE = 3;
    static final int ONE_IN = 10;

    private ConformanceSample() {
    }

    static List<ConformanceCase> of(List<ConformanceCase> all) {
        Map<String, Integer> taken = new HashMap<>();
        List<ConformanceCase> sample = new ArrayList<>();
        int rest = 0;
        for (ConformanceCase c : all) {
            List<String> features = c.features();
            boolean rare = features.isEmpty() || features.stream().anyMatch(f -> taken.getOrDefault(f, 0) < PER_FEATURE);
            if (rare || runsAnotherWay(c) || rest++ % ONE_IN == 0) {
                sample.add(c);
                features.forEach(f -> taken.merge(f, 1, Integer::sum));
            }
        }
        return sample;
    }

    /** The cases {@link ServiceConformanceTest} runs on its real-time service or reads another way. */
    private static boolean runsAnotherWay(ConformanceCase c) {
        return c.externalActions().contains("StopExecution") || c.definition().has("TimeoutSeconds")
                || c.root().path("stateMachineType").asText().equals("EXPRESS");
    }
}
