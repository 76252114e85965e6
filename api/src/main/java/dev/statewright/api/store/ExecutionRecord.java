package dev.statewright.api.store;

import dev.statewright.interpreter.engine.ExecutionStatus;

import java.time.Instant;

/**
 * An execution as stored: what it runs (a copy of the definition at its start, so later updates
 * of the machine do not change it), its seed for randomness (so a resumed run draws the same
 * numbers), how it was started (version, alias, trace header), how often it was redriven, and how
 * it ended. Immutable: each change stores a new record.
 */
public record ExecutionRecord(String arn, String name, String stateMachineArn, String stateMachineName,
                              String definition, String roleArn, String input, long randomSeed,
                              ExecutionStatus status, Instant startDate, Instant stopDate,
                              String output, String error, String cause, String testCase,
                              StartDetails start, Redrives redrives) {
    public ExecutionRecord {
        start = start != null ? start : StartDetails.NONE;
        redrives = redrives != null ? redrives : Redrives.NONE;
    }

    /** An execution started on the machine itself, never redriven. */
    public ExecutionRecord(String arn, String name, String stateMachineArn, String stateMachineName, String definition,
                           String roleArn, String input, long randomSeed, ExecutionStatus status, Instant startDate,
                           Instant stopDate, String output, String error, String cause, String testCase) {
        this(arn, name, stateMachineArn, stateMachineName, definition, roleArn, input, randomSeed, status, startDate,
                stopDate, output, error, cause, testCase, StartDetails.NONE, Redrives.NONE);
    }

    /** An execution without a mock test case. */
    public ExecutionRecord(String arn, String name, String stateMachineArn, String stateMachineName, String definition,
                           String roleArn, String input, long randomSeed, ExecutionStatus status, Instant startDate,
                           Instant stopDate, String output, String error, String cause) {
        this(arn, name, stateMachineArn, stateMachineName, definition, roleArn, input, randomSeed, status, startDate,
                stopDate, output, error, cause, null);
    }

    /** The execution running again, as its next redrive, begun at {@code date}: how it had ended is gone. */
    public ExecutionRecord redriven(Instant date) {
        return new ExecutionRecord(arn, name, stateMachineArn, stateMachineName, definition, roleArn, input, randomSeed,
                ExecutionStatus.RUNNING, startDate, null, null, null, null, testCase, start,
                new Redrives(redrives.count() + 1, date));
    }

    public ExecutionRecord finished(ExecutionStatus finalStatus, Instant stop, String finalOutput, String finalError,
                                    String finalCause) {
        return new ExecutionRecord(arn, name, stateMachineArn, stateMachineName, definition, roleArn, input, randomSeed,
                finalStatus, startDate, stop, finalOutput, finalError, finalCause, testCase, start, redrives);
    }
}
