package dev.statewright.api.console;

import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The layout checks themselves: they must see an overlap and an edge through a node when there is one. */
class LayoutGeometryTest {
    private static final String NODES = """
            "nodes": [
              {"id": "A", "parent": null, "x": 0, "y": 0, "width": 100, "height": 40},
              {"id": "B", "parent": null, "x": 0, "y": 100, "width": 100, "height": 40},
              {"id": "C", "parent": null, "x": 0, "y": 200, "width": 100, "height": 40},
              {"id": "G", "parent": null, "x": 200, "y": 0, "width": 200, "height": 200},
              {"id": "G/X", "parent": "G", "x": 220, "y": 30, "width": 100, "height": 40}
            ]""";

    @Test
    void seesOverlappingNodesButNotAGroupAroundItsContents() {
        LayoutGeometry apart = new LayoutGeometry(Json.parse("{" + NODES + ", \"edges\": []}"));
        assertThat(apart.overlappingNodes()).isEmpty();
        LayoutGeometry overlapping = new LayoutGeometry(Json.parse("""
                {"nodes": [{"id": "A", "parent": null, "x": 0, "y": 0, "width": 100, "height": 40},
                           {"id": "B", "parent": null, "x": 50, "y": 20, "width": 100, "height": 40}], "edges": []}"""));
        assertThat(overlapping.overlappingNodes()).containsExactly("A overlaps B");
    }

    @Test
    void seesAnEdgeThroughANodeButNotOneThatLeavesItsOwnEnds() {
        LayoutGeometry geometry = new LayoutGeometry(Json.parse("{" + NODES + """
                , "edges": [
                  {"id": "through", "source": "A", "target": "C", "points": [{"x": 50, "y": 40}, {"x": 50, "y": 200}]},
                  {"id": "around", "source": "A", "target": "C", "points": [{"x": 50, "y": 40}, {"x": 50, "y": 60},
                    {"x": 150, "y": 60}, {"x": 150, "y": 220}, {"x": 100, "y": 220}]},
                  {"id": "into-group", "source": "B", "target": "G/X", "points": [{"x": 100, "y": 120}, {"x": 270, "y": 120}, {"x": 270, "y": 70}]}
                ]}"""));
        assertThat(geometry.edgesThroughNodes()).containsExactly("through (A -> C) crosses B");
    }

    @Test
    void seesCrowdedLabelsAndAGroupNarrowerThanItsTitle() {
        LayoutGeometry geometry = new LayoutGeometry(Json.parse("""
                {"nodes": [{"id": "A", "name": "A", "kind": "state", "parent": null, "x": 0, "y": 0, "width": 100, "height": 40},
                           {"id": "M", "name": "A long name for a Map", "type": "Map", "kind": "group", "parent": null,
                            "x": 0, "y": 200, "width": 80, "height": 100},
                           {"id": "W", "name": "Wide", "type": "Map", "kind": "group", "parent": null,
                            "x": 300, "y": 0, "width": 200, "height": 100}],
                 "edges": [{"id": "e1", "labelBox": {"x": 90, "y": 30, "width": 50, "height": 16}},
                           {"id": "e2", "labelBox": {"x": 120, "y": 40, "width": 50, "height": 16}},
                           {"id": "e3", "labelBox": {"x": 320, "y": 50, "width": 50, "height": 16}}]}"""));
        assertThat(geometry.crowdedLabels()).containsExactlyInAnyOrder("e1 label overlaps e2 label",
                "e1 label overlaps A", "M is too narrow for its title");
    }
}
