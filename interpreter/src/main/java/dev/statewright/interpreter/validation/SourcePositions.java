package dev.statewright.interpreter.validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.statewright.interpreter.json.Json;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each JSON pointer of a document starts in its source text, so diagnostics can name a
 * line and column. A field is located at its key, which is where an editor should jump. Also
 * notes keys that appear twice in one object, which a tree parser silently collapses.
 */
final class SourcePositions {
    /**
     * A key repeated in one object: {@code pointer} is the repeated field's own pointer, and
     * {@code line} and {@code column} where the repetition is.
     */
    record DuplicateKey(String objectPointer, String key, String pointer, int line, int column) {
    }

    private final Map<String, long[]> positions = new HashMap<>();
    private final List<DuplicateKey> duplicateKeys = new ArrayList<>();

    private SourcePositions() {
    }

    /** Reads the positions of a text already known to be valid JSON. */
    static SourcePositions of(String text) {
        SourcePositions result = new SourcePositions();
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(text)) {
            result.read(parser);
        } catch (IOException e) {
            // The text was parsed before; positions are a convenience, so keep what was read.
        }
        return result;
    }

    private void read(JsonParser parser) throws IOException {
        Deque<Frame> stack = new ArrayDeque<>();
        String pointer = "";
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            Frame frame = stack.peek();
            if (token == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                pointer = frame.pointer + "/" + escape(key);
                if (!frame.keys.add(key)) {
                    JsonLocation location = parser.currentTokenLocation();
                    duplicateKeys.add(new DuplicateKey(frame.pointer, key, pointer,
                            (int) location.getLineNr(), (int) location.getColumnNr()));
                }
                remember(pointer, parser.currentTokenLocation());
                continue;
            }
            if (frame != null && frame.array) {
                pointer = frame.pointer + "/" + frame.index++;
                remember(pointer, parser.currentTokenLocation());
            } else if (frame == null) {
                pointer = "";
                remember("", parser.currentTokenLocation());
            }
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                stack.push(new Frame(pointer, token == JsonToken.START_ARRAY));
            } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                stack.pop();
                if (stack.isEmpty()) {
                    return; // the tree is the first value; any text after it is not read
                }
            }
        }
    }

    private void remember(String pointer, JsonLocation location) {
        // The last occurrence of a repeated key wins, as in the tree the checks read.
        positions.put(pointer, new long[] {location.getLineNr(), location.getColumnNr()});
    }

    /** Line and column of the pointer, or of its nearest located ancestor; {0, 0} if none. */
    int[] lineAndColumn(String pointer) {
        String at = pointer == null ? "" : pointer;
        while (true) {
            long[] position = positions.get(at);
            if (position != null) {
                return new int[] {(int) position[0], (int) position[1]};
            }
            if (at.isEmpty()) {
                return new int[] {0, 0};
            }
            at = at.substring(0, at.lastIndexOf('/'));
        }
    }

    List<DuplicateKey> duplicateKeys() {
        return duplicateKeys;
    }

    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static final class Frame {
        final String pointer;
        final boolean array;
        final Set<String> keys = new HashSet<>();
        int index;

        Frame(String pointer, boolean array) {
            this.pointer = pointer;
            this.array = array;
        }
    }
}
