package dev.statewright.api.console;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks a laid-out graph (the graph endpoint's JSON) for overlapping nodes and edges through nodes. */
final class LayoutGeometry {
    private static final double TOLERANCE = 1.0;

    private record Rect(String id, String parent, double x, double y, double width, double height) {
        boolean apartFrom(Rect b) {
            return x + width <= b.x + TOLERANCE || b.x + b.width <= x + TOLERANCE
                    || y + height <= b.y + TOLERANCE || b.y + b.height <= y + TOLERANCE;
        }
    }

    private final Map<String, Rect> nodes = new HashMap<>();
    private final JsonNode graph;

    LayoutGeometry(JsonNode graph) {
        this.graph = graph;
        for (JsonNode node : graph.path("nodes")) {
            nodes.put(node.get("id").asText(), new Rect(node.get("id").asText(),
                    node.path("parent").isNull() ? null : node.path("parent").asText(null),
                    node.get("x").asDouble(), node.get("y").asDouble(),
                    node.get("width").asDouble(), node.get("height").asDouble()));
        }
    }

    /** Every pair of nodes where neither contains the other and their boxes overlap. */
    List<String> overlappingNodes() {
        List<String> problems = new ArrayList<>();
        List<Rect> all = new ArrayList<>(nodes.values());
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                Rect a = all.get(i);
                Rect b = all.get(j);
                if (isAncestor(a, b) || isAncestor(b, a)) {
                    continue;
                }
                if (!a.apartFrom(b)) {
                    problems.add(a.id + " overlaps " + b.id);
                }
            }
        }
        return problems;
    }

    /**
     * Every edge label that overlaps another label or a state or mark (groups hold labels, so a
     * label over a group's frame is not counted), and every group whose title is wider than it.
     */
    List<String> crowdedLabels() {
        List<String> problems = new ArrayList<>();
        List<Rect> labels = new ArrayList<>();
        for (JsonNode edge : graph.path("edges")) {
            JsonNode box = edge.path("labelBox");
            if (box.isObject()) {
                labels.add(new Rect(edge.get("id").asText() + " label", null, box.get("x").asDouble(), box.get("y").asDouble(),
                        box.get("width").asDouble(), box.get("height").asDouble()));
            }
        }
        for (int i = 0; i < labels.size(); i++) {
            for (int j = i + 1; j < labels.size(); j++) {
                if (!labels.get(i).apartFrom(labels.get(j))) {
                    problems.add(labels.get(i).id + " overlaps " + labels.get(j).id);
                }
            }
        }
        for (JsonNode node : graph.path("nodes")) {
            Rect rect = nodes.get(node.get("id").asText());
            String kind = node.path("kind").asText();
            if (kind.equals("group") || kind.equals("branch")) {
                String title = kind.equals("group") ? GraphLayout.groupTitle(node.get("name").asText(), node.get("type").asText())
                        : node.get("name").asText();
                if (title.length() * GraphLayout.GROUP_TITLE_CHAR_WIDTH + 20 > rect.width + TOLERANCE) {
                    problems.add(rect.id + " is too narrow for its title");
                }
                continue;
            }
            for (Rect label : labels) {
                if (!label.apartFrom(rect)) {
                    problems.add(label.id + " overlaps " + rect.id);
                }
            }
        }
        return problems;
    }

    /** Every edge segment that crosses the inside of a node other than its ends and their enclosing groups. */
    List<String> edgesThroughNodes() {
        List<String> problems = new ArrayList<>();
        for (JsonNode edge : graph.path("edges")) {
            Rect source = nodes.get(edge.get("source").asText());
            Rect target = nodes.get(edge.get("target").asText());
            JsonNode points = edge.get("points");
            for (Rect node : nodes.values()) {
                if (node == source || node == target || isAncestor(node, source) || isAncestor(node, target)) {
                    continue;
                }
                for (int k = 0; k + 1 < points.size(); k++) {
                    if (crossesInside(points.get(k), points.get(k + 1), node)) {
                        problems.add(edge.get("id").asText() + " (" + source.id + " -> " + target.id + ") crosses " + node.id);
                        break;
                    }
                }
            }
        }
        return problems;
    }

    private boolean isAncestor(Rect maybeAncestor, Rect node) {
        for (String parent = node.parent; parent != null; parent = nodes.get(parent).parent) {
            if (parent.equals(maybeAncestor.id)) {
                return true;
            }
        }
        return false;
    }

    /** Liang-Barsky clipping of the segment against the node's box shrunk by the tolerance. */
    private static boolean crossesInside(JsonNode from, JsonNode to, Rect r) {
        double x0 = from.get("x").asDouble(), y0 = from.get("y").asDouble();
        double dx = to.get("x").asDouble() - x0, dy = to.get("y").asDouble() - y0;
        double left = r.x + TOLERANCE, right = r.x + r.width - TOLERANCE;
        double top = r.y + TOLERANCE, bottom = r.y + r.height - TOLERANCE;
        if (right <= left || bottom <= top) {
            return false;
        }
        double[] p = {-dx, dx, -dy, dy};
        double[] q = {x0 - left, right - x0, y0 - top, bottom - y0};
        double enter = 0, leave = 1;
        for (int i = 0; i < 4; i++) {
            if (p[i] == 0) {
                if (q[i] <= 0) {
                    return false;
                }
            } else {
                double t = q[i] / p[i];
                if (p[i] < 0) {
                    enter = Math.max(enter, t);
                } else {
                    leave = Math.min(leave, t);
                }
            }
        }
        return enter < leave;
    }
}
