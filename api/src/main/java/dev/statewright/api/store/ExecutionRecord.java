package dev.statewright.api.store;

import dev.statewright.interpreter.engine.ExecutionStatus;

import java.time.Instant;

/**
 * An execution as stored: what it runs (a copy of the definition at its start, so later updates
 * of the machine do not change it), its seed for randomness (so a resumed run draws the same
 * numbers), and how it ended. Immutable: each change stores a new record.
 */
public record ExecutionRecord(String arn, String name, String stateMachineArn, String stateMachineName,
                              String definition, String roleArn, String input, long randomSeed,
                              ExecutionStatus status, Instant startDate, Instant stopDate,
                              String output, String error, String cause, String testCase) {

    /** An execution without a mock test case. */
    public ExecutionRecord(String arn, String name, String stateMachineArn, String stateMachineName, String definition,
                           String roleArn, String input, long randomSeed, ExecutionStatus status, Instant startDate,
                           Instant stopDate, String output, String error, String cause) {
        this(arn, name, stateMachineArn, stateMachineName, definition, roleArn, input, randomSeed, status, startDate,
                stopDate, output, error, cause, null);
    }

    public ExecutionRecord finished(ExecutionStatus finalStatus, Instant stop, String finalOutput, String finalError,
                                    String finalCause) {
        return new ExecutionRecord(arn, name, stateMachineArn, stateMachineName, definition, roleArn, input, randomSeed,
                finalStatus, startDate, stop, finalOutput, finalError, finalCause, testCase);
    }
}
