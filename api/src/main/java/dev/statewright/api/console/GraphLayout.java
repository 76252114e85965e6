package dev.statewright.api.console;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeLabelPlacement;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.HierarchyHandling;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays out a state machine's definition with ELK's layered algorithm: states as nodes, Parallel
 * branches and Map processors as nested groups, one start and one end mark per scope, and an edge
 * for every Next, Choice rule, Default and Catch. The result is in absolute coordinates so the
 * browser only draws it.
 *
 * <p>Works on the definition's JSON as written (the service stores only valid definitions), so
 * labels show the author's own text, such as a JSONata Condition.
 */
public final class GraphLayout {
    static final double STATE_HEIGHT = 44;
    static final double MARK_SIZE = 20;
    private static final double CHAR_WIDTH = 7.2;
    private static final double LABEL_CHAR_WIDTH = 6.4;
    private static final double LABEL_HEIGHT = 16;
    /** Group titles are bold 12px: wider per character than the states' names. */
    static final double GROUP_TITLE_CHAR_WIDTH = 7.6;

    /** What the layout does not know: ids, names and kinds, kept beside ELK's objects. */
    private record NodeInfo(String id, String name, String type, String kind, String parent) {
    }

    private record EdgeInfo(String kind, String label, String title) {
    }

    private final Map<ElkNode, NodeInfo> nodes = new IdentityHashMap<>();
    private final Map<ElkEdge, EdgeInfo> edges = new LinkedHashMap<>();
    private final List<ElkNode> nodeOrder = new ArrayList<>();
    private final Map<ElkNode, Double> titleWidths = new IdentityHashMap<>();

    private GraphLayout() {
    }

    /** Lays out a definition (ASL JSON with StartAt and States). */
    public static StateMachineGraph of(JsonNode definition) {
        return new GraphLayout().layout(definition);
    }

    private StateMachineGraph layout(JsonNode definition) {
        ElkNode root = ElkGraphUtil.createGraph();
        configure(root);
        root.setProperty(CoreOptions.HIERARCHY_HANDLING, HierarchyHandling.INCLUDE_CHILDREN);
        root.setProperty(CoreOptions.PADDING, new ElkPadding(12));
        addScope(root, definition, "", null);
        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
        widenForTitles(root);
        return result(root);
    }

    private static void configure(ElkNode container) {
        container.setProperty(CoreOptions.ALGORITHM, "org.eclipse.elk.layered");
        container.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
        container.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        container.setProperty(LayeredOptions.SPACING_NODE_NODE, 28.0);
        container.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 36.0);
        container.setProperty(LayeredOptions.SPACING_EDGE_NODE, 14.0);
        container.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 14.0);
        container.setProperty(LayeredOptions.SPACING_EDGE_EDGE, 10.0);
        container.setProperty(LayeredOptions.SPACING_EDGE_LABEL, 4.0);
    }

    /** Adds one scope's states (a machine, a branch, a Map's processor) into {@code container}. */
    private void addScope(ElkNode container, JsonNode machine, String prefix, String parentId) {
        JsonNode states = machine.path("States");
        Map<String, ElkNode> byName = new HashMap<>();
        ElkNode start = node(container, new NodeInfo(prefix + "#start", "", null, "start", parentId), MARK_SIZE, MARK_SIZE);
        Iterator<Map.Entry<String, JsonNode>> fields = states.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            byName.put(field.getKey(), addState(container, field.getKey(), field.getValue(), prefix, parentId));
        }
        ElkNode end = null;
        ElkNode first = byName.get(machine.path("StartAt").asText());
        if (first != null) {
            edge(start, first, "start", null, null);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            ElkNode from = byName.get(field.getKey());
            JsonNode state = field.getValue();
            String type = state.path("Type").asText();
            for (JsonNode choice : state.path("Choices")) {
                String label = ChoiceRuleLabel.of(choice);
                String whole = ChoiceRuleLabel.full(choice);
                edgeTo(from, byName, choice.path("Next").asText(), "choice", label, whole.equals(label) ? null : whole);
            }
            if (state.hasNonNull("Default")) {
                edgeTo(from, byName, state.get("Default").asText(), "default", "Default", null);
            }
            for (JsonNode catcher : state.path("Catch")) {
                List<String> errors = new ArrayList<>();
                catcher.path("ErrorEquals").forEach(error -> errors.add(error.asText()));
                edgeTo(from, byName, catcher.path("Next").asText(), "catch", "Catch " + String.join(", ", errors), null);
            }
            if (state.hasNonNull("Next")) {
                edgeTo(from, byName, state.get("Next").asText(), "next", null, null);
            }
            if (state.path("End").asBoolean(false) || type.equals("Succeed") || type.equals("Fail")) {
                if (end == null) {
                    end = node(container, new NodeInfo(prefix + "#end", "", null, "end", parentId), MARK_SIZE, MARK_SIZE);
                }
                edge(from, end, "end", null, null);
            }
        }
    }

    private ElkNode addState(ElkNode container, String name, JsonNode state, String prefix, String parentId) {
        String id = prefix + idPart(name);
        String type = state.path("Type").asText();
        if (type.equals("Parallel") || type.equals("Map")) {
            ElkNode group = node(container, new NodeInfo(id, name, type, "group", parentId), 0, 0);
            configureGroup(group, GraphLayout.groupTitle(name, type));
            if (type.equals("Parallel")) {
                int index = 0;
                for (JsonNode branch : state.path("Branches")) {
                    String branchId = id + "/" + index;
                    ElkNode branchNode = node(group, new NodeInfo(branchId, "Branch " + (index + 1), null, "branch", id), 0, 0);
                    configureGroup(branchNode, "Branch " + (index + 1));
                    addScope(branchNode, branch, branchId + "/", branchId);
                    index++;
                }
            } else {
                JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.path("Iterator");
                addScope(group, processor, id + "/", id);
            }
            return group;
        }
        double width = Math.min(280, Math.max(120, Math.max(name.length(), type.length() + 2) * CHAR_WIDTH + 28));
        return node(container, new NodeInfo(id, name, type, "state", parentId), width, STATE_HEIGHT);
    }

    /**
     * A state's name as a part of a node id: ids are paths ("Parallel/0/State", "Scope/#start"),
     * so the characters that build them are escaped, and a state named "P/0/X" or "#start" cannot
     * pass for another node or cut its scope short.
     */
    static String idPart(String name) {
        return name.replace("%", "%25").replace("/", "%2F").replace("#", "%23");
    }

    /** The title the console writes on a Map or Parallel frame (graph.js draws the same text). */
    static String groupTitle(String name, String type) {
        return name + "  \u00b7  " + type;
    }

    private void configureGroup(ElkNode group, String title) {
        configure(group);
        // Room above the contents for the group's title, and at least its width so it is shown whole.
        group.setProperty(CoreOptions.PADDING, new ElkPadding(30, 14, 14, 14));
        titleWidths.put(group, title.length() * GROUP_TITLE_CHAR_WIDTH + 24);
    }

    /**
     * Widens the groups whose title is wider than their contents by padding them on both sides,
     * and lays out again. ELK ignores a minimum size on a group laid out with its children, so
     * this takes a second pass; widths only grow, so an outer group measured in the first pass
     * is still wide enough after its inner groups grew.
     */
    private void widenForTitles(ElkNode root) {
        boolean widened = false;
        for (Map.Entry<ElkNode, Double> entry : titleWidths.entrySet()) {
            ElkNode group = entry.getKey();
            double missing = entry.getValue() - group.getWidth();
            if (missing > 0) {
                ElkPadding padding = group.getProperty(CoreOptions.PADDING);
                group.setProperty(CoreOptions.PADDING, new ElkPadding(padding.top, padding.right + missing / 2,
                        padding.bottom, padding.left + missing / 2));
                widened = true;
            }
        }
        if (widened) {
            new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
        }
    }

    private ElkNode node(ElkNode container, NodeInfo info, double width, double height) {
        ElkNode node = ElkGraphUtil.createNode(container);
        node.setIdentifier(info.id());
        node.setDimensions(width, height);
        nodes.put(node, info);
        nodeOrder.add(node);
        return node;
    }

    private void edgeTo(ElkNode from, Map<String, ElkNode> byName, String target, String kind, String label, String title) {
        ElkNode to = byName.get(target);
        if (to != null) {
            edge(from, to, kind, label, title);
        }
    }

    private void edge(ElkNode from, ElkNode to, String kind, String label, String title) {
        ElkEdge edge = ElkGraphUtil.createSimpleEdge(from, to);
        ElkGraphUtil.updateContainment(edge);
        if (label != null) {
            ElkLabel elkLabel = ElkGraphUtil.createLabel(label, edge);
            elkLabel.setDimensions(label.length() * LABEL_CHAR_WIDTH + 8, LABEL_HEIGHT);
            elkLabel.setProperty(CoreOptions.EDGE_LABELS_PLACEMENT, EdgeLabelPlacement.CENTER);
        }
        edges.put(edge, new EdgeInfo(kind, label, title));
    }

    private StateMachineGraph result(ElkNode root) {
        List<GraphNode> laidOutNodes = new ArrayList<>();
        for (ElkNode node : nodeOrder) {
            NodeInfo info = nodes.get(node);
            laidOutNodes.add(new GraphNode(info.id(), info.name(), info.type(), info.kind(), info.parent(),
                    absoluteX(node), absoluteY(node), node.getWidth(), node.getHeight()));
        }
        List<GraphEdge> laidOutEdges = new ArrayList<>();
        int index = 0;
        for (Map.Entry<ElkEdge, EdgeInfo> entry : edges.entrySet()) {
            ElkEdge edge = entry.getKey();
            ElkNode container = edge.getContainingNode();
            double offsetX = container == null ? 0 : absoluteX(container);
            double offsetY = container == null ? 0 : absoluteY(container);
            List<GraphEdge.Point> points = new ArrayList<>();
            for (ElkEdgeSection section : edge.getSections()) {
                points.add(new GraphEdge.Point(offsetX + section.getStartX(), offsetY + section.getStartY()));
                section.getBendPoints().forEach(bend -> points.add(new GraphEdge.Point(offsetX + bend.getX(), offsetY + bend.getY())));
                points.add(new GraphEdge.Point(offsetX + section.getEndX(), offsetY + section.getEndY()));
            }
            GraphEdge.Box labelBox = edge.getLabels().isEmpty() ? null : box(edge.getLabels().get(0), offsetX, offsetY);
            ElkNode source = ElkGraphUtil.connectableShapeToNode(edge.getSources().get(0));
            ElkNode target = ElkGraphUtil.connectableShapeToNode(edge.getTargets().get(0));
            laidOutEdges.add(new GraphEdge("e" + index++, nodes.get(source).id(), nodes.get(target).id(),
                    entry.getValue().kind(), entry.getValue().label(), entry.getValue().title(), points, labelBox));
        }
        return new StateMachineGraph(root.getWidth(), root.getHeight(), laidOutNodes, laidOutEdges);
    }

    private static GraphEdge.Box box(ElkLabel label, double offsetX, double offsetY) {
        return new GraphEdge.Box(offsetX + label.getX(), offsetY + label.getY(), label.getWidth(), label.getHeight());
    }

    /** A node's position is relative to its parent's; the root's own position is the origin. */
    private static double absoluteX(ElkNode node) {
        double x = 0;
        for (ElkNode n = node; n.getParent() != null; n = n.getParent()) {
            x += n.getX();
        }
        return x;
    }

    private static double absoluteY(ElkNode node) {
        double y = 0;
        for (ElkNode n = node; n.getParent() != null; n = n.getParent()) {
            y += n.getY();
        }
        return y;
    }
}
