package dev.statewright.api.store;

import dev.statewright.interpreter.engine.ExecutionStatus;

import java.time.Instant;

/**
 * One child execution of a Distributed Map's run as stored: written with the turn of its parent
 * execution that started or ended it, so it is as durable as the parent's history. ListExecutions
 * with a Map Run ARN lists these; DescribeExecution of the child's ARN describes one.
 *
 * @param stateMachineArn the child state machine, {@code stateMachine:MACHINE/LABEL}
 * @param index           the child's item (or batch) index in the run: children are listed by it
 * @param redriveCount    how often the Map Run was redriven when the child last started
 * @param status          RUNNING, SUCCEEDED, FAILED or ABORTED
 * @param stopDate        null while it runs
 * @param input           its input as JSON text
 * @param output          its output as JSON text, null unless it succeeded
 * @param error           null unless it failed
 * @param cause           null unless it failed (and may be null then)
 */
public record MapRunChildRecord(String executionArn, String name, String mapRunArn, String stateMachineArn, int index,
                                int redriveCount, ExecutionStatus status, Instant startDate, Instant stopDate,
                                String input, String output, String error, String cause) {

    public Summary summary() {
        return new Summary(executionArn, mapRunArn, index, redriveCount, status, startDate, stopDate);
    }

    /** What a list shows of a child: the record without its data. */
    public record Summary(String executionArn, String mapRunArn, int index, int redriveCount, ExecutionStatus status,
                          Instant startDate, Instant stopDate) {

        /** The child's name: the last part of its ARN. */
        public String name() {
            return executionArn.substring(executionArn.lastIndexOf(':') + 1);
        }

        /** The child state machine, {@code stateMachine:MACHINE/LABEL}, named by the Map Run's ARN. */
        public String stateMachineArn() {
            return mapRunArn.substring(0, mapRunArn.lastIndexOf(':')).replaceFirst(":mapRun:", ":stateMachine:");
        }
    }
}
