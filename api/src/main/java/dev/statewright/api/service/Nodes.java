package dev.statewright.api.service;

import dev.statewright.api.store.ExecutionPage;
import dev.statewright.api.store.InvalidCursorException;
import dev.statewright.api.store.NodeRecord;
import dev.statewright.api.store.Store;

import java.util.List;
import java.util.Optional;

/**
 * The nodes of the service and the executions each drives, as the store knows them: on a database
 * shared by several nodes, every node that used it lately (gone ones for a while); on the embedded
 * store, this process alone.
 */
public final class Nodes {
    private final Store store;

    public Nodes(Store store) {
        this.store = store;
    }

    /** Every node listed, live ones first. */
    public List<NodeRecord> list() {
        return store.nodes();
    }

    /** One node; NodeDoesNotExist when the store lists none by that id. */
    public NodeRecord describe(String nodeId) {
        return list().stream().filter(node -> node.id().equals(nodeId)).findFirst().orElseThrow(() ->
                new ServiceException("NodeDoesNotExist", "Node Does Not Exist: '" + nodeId + "'"));
    }

    /** A page of the running executions a listed node drives, newest first. */
    public ExecutionPage executions(String nodeId, int pageSize, String cursor) {
        describe(nodeId);
        try {
            return store.executionsDrivenBy(nodeId, pageSize, cursor);
        } catch (InvalidCursorException e) {
            throw new ServiceException("InvalidToken", "Invalid Token: the next token is not one this list gave");
        }
    }

    /** The node that drives a running execution, if one does. */
    public Optional<String> driverOf(String executionArn) {
        return store.driverOf(executionArn);
    }
}
