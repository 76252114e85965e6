package dev.statewright.api.console;

import java.util.List;

/**
 * A laid-out transition, in absolute coordinates: its route from the source's border to the
 * target's, and where its label sits.
 *
 * @param kind  {@code next}, {@code choice} (a Choice rule), {@code default}, {@code catch},
 *              {@code start} or {@code end}
 * @param label the rule, {@code Default} or the caught errors; null for plain transitions
 * @param title the label's whole text when the label is shortened (a long Choice rule), else null
 * @param labelBox the label's box, or null without a label
 */
public record GraphEdge(String id, String source, String target, String kind, String label, String title,
                        List<Point> points, Box labelBox) {
    public GraphEdge {
        points = List.copyOf(points);
    }

    public record Point(double x, double y) {
    }

    public record Box(double x, double y, double width, double height) {
    }
}
