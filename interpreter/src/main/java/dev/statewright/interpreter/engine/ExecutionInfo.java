package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * What the context object tells about an execution: who and what it is, fixed at its start and
 * changed only by a redrive. {@code redriveCount} is null for EXPRESS executions, which cannot be
 * redriven; {@code redriveTime} is when the execution was last redriven, null until it is.
 */
public record ExecutionInfo(
        String executionArn,
        String executionName,
        String stateMachineArn,
        String stateMachineName,
        String roleArn,
        Instant startTime,
        JsonNode input,
        Integer redriveCount,
        Instant redriveTime) {

    /** An execution not redriven (yet). */
    public ExecutionInfo(String executionArn, String executionName, String stateMachineArn, String stateMachineName,
                         String roleArn, Instant startTime, JsonNode input, Integer redriveCount) {
        this(executionArn, executionName, stateMachineArn, stateMachineName, roleArn, startTime, input, redriveCount,
                null);
    }

    public ExecutionInfo withInput(JsonNode newInput) {
        return new ExecutionInfo(executionArn, executionName, stateMachineArn, stateMachineName, roleArn, startTime,
                newInput, redriveCount, redriveTime);
    }

    /** The same execution after its redrive number {@code count}, at {@code time}. */
    public ExecutionInfo redriven(int count, Instant time) {
        return new ExecutionInfo(executionArn, executionName, stateMachineArn, stateMachineName, roleArn, startTime,
                input, count, time);
    }

    /** An EXPRESS execution: AWS gives it an {@code express:} ARN and no redrive count. */
    public ExecutionInfo asExpress() {
        return new ExecutionInfo(executionArn.replace(":execution:", ":express:"), executionName, stateMachineArn,
                stateMachineName, roleArn, startTime, input, null, null);
    }

    /** ARNs in AWS's form for a machine and execution name in an account and region. */
    public static ExecutionInfo of(String region, String account, String stateMachineName, String executionName,
                                   Instant startTime, JsonNode input) {
        String prefix = "arn:aws:states:" + region + ":" + account + ":";
        return new ExecutionInfo(
                prefix + "execution:" + stateMachineName + ":" + executionName,
                executionName,
                prefix + "stateMachine:" + stateMachineName,
                stateMachineName,
                "arn:aws:iam::" + account + ":role/statewright-execution-role",
                startTime,
                input,
                0);
    }
}
