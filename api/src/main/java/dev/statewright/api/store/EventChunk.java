package dev.statewright.api.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The events one batch wrote for one execution, as the stores keep them: lines {@code "<id> <json>"}
 * in id order (UTF-8), ids {@code firstId..lastId} without gaps. A store that keeps a chunk as one
 * value reads a page of history from the chunks that overlap it.
 */
public record EventChunk(long firstId, long lastId, byte[] lines) {

    static EventChunk of(List<StoredEvent> events) {
        StringBuilder lines = new StringBuilder();
        for (StoredEvent event : events) {
            if (!lines.isEmpty()) {
                lines.append(IndexLayout.LINE_SEPARATOR);
            }
            lines.append(event.id()).append(' ').append(event.json());
        }
        return new EventChunk(events.get(0).id(), events.get(events.size() - 1).id(),
                lines.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A chunk's events from {@code fromId} on, added to {@code into} until it holds {@code limit}. */
    public static void readEvents(String lines, long fromId, int limit, List<StoredEvent> into) {
        for (String line : lines.split(String.valueOf(IndexLayout.LINE_SEPARATOR))) {
            if (into.size() >= limit) {
                return;
            }
            if (!line.isEmpty()) {
                StoredEvent event = IndexLayout.eventLine(line);
                if (event.id() >= fromId) {
                    into.add(event);
                }
            }
        }
    }

    /** The types of a chunk's events, in order, read without parsing their JSON. */
    public static List<String> types(String lines) {
        List<String> types = new ArrayList<>();
        for (String line : lines.split(String.valueOf(IndexLayout.LINE_SEPARATOR))) {
            if (!line.isEmpty()) {
                types.add(IndexLayout.eventType(line));
            }
        }
        return types;
    }
}
