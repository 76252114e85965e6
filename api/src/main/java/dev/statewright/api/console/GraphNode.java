package dev.statewright.api.console;

/**
 * A laid-out node of a state machine's graph, in absolute coordinates (pixels, origin top left).
 *
 * @param id     unique in the graph: the state's path through its enclosing states and branches
 * @param name   the state's name (empty for start and end marks and branch groups)
 * @param type   the state's ASL Type, or null for marks and branch groups
 * @param kind   {@code state}, {@code group} (a Parallel or Map, drawn around its branches),
 *               {@code branch} (a Parallel branch or a Map's processor), {@code start} or {@code end}
 * @param parent the id of the enclosing group or branch, or null at the top level
 */
public record GraphNode(String id, String name, String type, String kind, String parent,
                        double x, double y, double width, double height) {
}
