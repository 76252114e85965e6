package dev.statewright.api.console;

import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Node ids are paths of state names: names holding the path's own characters must not break them. */
class GraphNodeIdsTest {
    @Test
    void namesWithSlashesHashesAndPercentsGiveDistinctIdsInsideTheirOwnScope() {
        StateMachineGraph graph = GraphLayout.of(Json.parse("""
                {"StartAt": "P/0/X", "States": {
                  "P/0/X": {"Type": "Pass", "Next": "P"},
                  "P": {"Type": "Parallel", "Next": "#start", "Branches": [
                    {"StartAt": "X", "States": {"X": {"Type": "Pass", "Next": "a/b%2F"},
                                                "a/b%2F": {"Type": "Pass", "End": true}}}]},
                  "#start": {"Type": "Succeed"}}}"""));
        List<String> ids = graph.nodes().stream().map(GraphNode::id).toList();
        assertThat(ids).doesNotHaveDuplicates();
        Set<String> starts = ids.stream().filter(id -> id.endsWith("#start")).collect(Collectors.toSet());
        // The console finds a state's scope as its id up to the last '/', and the scope's start there.
        for (GraphNode node : graph.nodes()) {
            if (node.kind().equals("state") || node.kind().equals("group")) {
                String scope = node.id().substring(0, node.id().lastIndexOf('/') + 1);
                assertThat(starts).as(node.name()).contains(scope + "#start");
            }
        }
        assertThat(graph.nodes()).filteredOn(node -> "state".equals(node.kind()))
                .extracting(GraphNode::name).containsExactlyInAnyOrder("P/0/X", "X", "a/b%2F", "#start");
        // Every edge joins nodes that exist: the escaping is the same on both ends.
        assertThat(graph.edges()).allSatisfy(edge -> assertThat(ids).contains(edge.source(), edge.target()));
    }
}
