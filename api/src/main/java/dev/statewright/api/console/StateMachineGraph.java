package dev.statewright.api.console;

import java.util.List;

/** A state machine's definition laid out for drawing: its size, nodes (groups before their contents) and edges. */
public record StateMachineGraph(double width, double height, List<GraphNode> nodes, List<GraphEdge> edges) {
    public StateMachineGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }
}
