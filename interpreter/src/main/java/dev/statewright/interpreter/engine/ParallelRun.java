package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.ParallelState;
import dev.statewright.interpreter.model.StateMachine;

/**
 * One attempt of a Parallel state: runs every branch on the same input and gathers their outputs in
 * order. A redriven attempt keeps the outputs of the branches that succeeded before and runs only
 * the others, each from where it stopped.
 */
final class ParallelRun implements Scope, BranchRun.Activity {
    private final BranchRun owner;
    private final StateVisit visit;
    private final ParallelState state;
    private final JsonNode input;
    private final JsonNode[] outputs;
    private final BranchRun[] branches;
    private final int attempt;
    /** The run of this state a redrive goes on from, or null. */
    private final ParallelRun earlier;
    private int remaining;
    private boolean over;

    ParallelRun(BranchRun owner, StateVisit visit, ParallelState state, JsonNode input, ParallelRun earlier) {
        this.earlier = earlier != null && earlier.outputs.length == state.branches().size() ? earlier : null;
        this.owner = owner;
        this.visit = visit;
        this.state = state;
        this.input = input;
        this.outputs = new JsonNode[state.branches().size()];
        this.branches = new BranchRun[outputs.length];
        this.remaining = outputs.length;
        this.attempt = visit.attempt;
    }

    @Override
    public boolean isActive() {
        return !over && attempt == visit.attempt && owner.isActive();
    }

    void start() {
        long started = owner.emit(EventTypes.PARALLEL_STATE_STARTED, null);
        JsonNode substitute = owner.inspector() == null ? null : owner.inspector().substituteResult(state, 0);
        if (substitute != null) { // TestState's mocked result stands in for the branches
            over = true;
            owner.finishWithResult(visit, substitute);
            return;
        }
        if (remaining == 0) {
            succeed();
            return;
        }
        for (int i = 0; i < outputs.length; i++) {
            int index = i;
            if (earlier != null && earlier.outputs[i] != null) {
                outputs[i] = earlier.outputs[i]; // it succeeded before the redrive: not run again
                remaining--;
                continue;
            }
            BranchRun before = earlier != null ? earlier.branches[i] : null;
            BranchRun.Unfinished from = before != null ? before.unfinished() : null;
            StateMachine branch = state.branches().get(i);
            BranchRun run = new BranchRun(owner.execution(), branch, this, null, started, owner.isRecorded(),
                    owner.childHistory(), from != null ? before.variables() : owner.variables(),
                    output -> branchSucceeded(index, output), failure -> branchFailed(index, failure));
            branches[i] = run;
            if (from != null) {
                run.resume(from);
            } else {
                run.enter(branch.startAt(), input);
            }
        }
        if (remaining == 0) {
            succeed(); // every branch had succeeded before the redrive
        }
    }

    private void branchSucceeded(int index, JsonNode output) {
        outputs[index] = output;
        if (--remaining == 0) {
            succeed();
        }
    }

    private void succeed() {
        over = true;
        ArrayNode result = Json.NODES.arrayNode(outputs.length);
        for (JsonNode output : outputs) {
            result.add(output);
        }
        owner.finishWithResult(visit, result);
    }

    private void branchFailed(int index, StatesException failure) {
        if (!isActive()) {
            return;
        }
        abortOthers(index);
        branches[index].recordFailedStateAborted();
        owner.fail(visit, failure);
    }

    /** The Parallel state itself is cut short: every branch still running is aborted. */
    @Override
    public void abort() {
        abortOthers(-1);
    }

    private void abortOthers(int failedIndex) {
        over = true;
        for (int i = 0; i < branches.length; i++) {
            if (i != failedIndex && branches[i] != null) {
                branches[i].abort();
            }
        }
    }
}
