package dev.statewright.api.http;

import dev.statewright.api.service.Arns;
import dev.statewright.api.service.ServiceException;
import dev.statewright.api.store.StateMachineRecord;
import dev.statewright.interpreter.model.StateMachineType;

/**
 * What AWS's API refuses for EXPRESS workflows, whose executions it does not keep: an express
 * execution's ARN is not valid for DescribeExecution, DescribeStateMachineForExecution,
 * GetExecutionHistory or StopExecution (InvalidArn, naming the resource type), and an EXPRESS
 * machine's executions cannot be listed (StateMachineTypeNotSupported). Both messages are AWS's
 * as recorded. The REST API and the console are ours and still show express executions.
 */
final class ExpressRefusals {
    private ExpressRefusals() {
    }

    /** The execution ARN, unless it names an express execution. */
    static String notExpress(String executionArn) {
        if (executionArn != null && Arns.isExpress(executionArn)) {
            throw new ServiceException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: express'");
        }
        return executionArn;
    }

    /** The machine, unless it is an EXPRESS one, whose executions AWS does not list. */
    static StateMachineRecord listable(StateMachineRecord machine) {
        if (machine.type() == StateMachineType.EXPRESS) {
            throw new ServiceException("StateMachineTypeNotSupported",
                    "This operation is not supported by this type of state machine");
        }
        return machine;
    }
}
