package dev.statewright.api.testing;

import dev.statewright.interpreter.engine.ExecutionResult;

import java.time.Duration;
import java.util.List;

/**
 * How one workflow test went.
 *
 * @param mismatches what differed from the expectation, one sentence each; empty when it passed
 * @param problem    why the test could not run (an invalid definition, a mock file that does not
 *                   fit), or null
 * @param result     the execution, or null when it could not run
 */
public record TestVerdict(String name, String source, List<String> mismatches, String problem, Duration time,
                          ExecutionResult result) {
    public TestVerdict {
        mismatches = List.copyOf(mismatches);
    }

    public boolean passed() {
        return problem == null && mismatches.isEmpty();
    }
}
