package dev.statewright.api.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names a definition by its content, so the index keeps each definition once and an execution's
 * record holds only the name: every execution carries a copy of its machine's definition (later
 * updates must not change it), and writing that copy with each record cost more than the rest of
 * the record. Remembers the definitions known to be stored, so each goes to the store once, and
 * their texts by name, so a store that reads a record apart from its definition reads each
 * definition once (a name always means the same text).
 */
public final class DefinitionIds {
    private static final int REMEMBERED = 1024;

    private final Map<String, String> stored = new ConcurrentHashMap<>();
    private final Map<String, String> textById = new ConcurrentHashMap<>();

    /** The definition's name if it is known to be stored; null when the batch must write it. */
    public String idOf(String definition) {
        return stored.get(definition); // the text's hash is cached by the String: a lookup is cheap
    }

    /** The text of a definition known to be stored under this name; null when it must be read. */
    public String textOf(String id) {
        return textById.get(id);
    }

    /** Definitions that a durable batch wrote: later batches may name them without writing them. */
    public void stored(Map<String, String> definitionsById) {
        if (stored.size() + definitionsById.size() > REMEMBERED) {
            stored.clear();
            textById.clear();
        }
        definitionsById.forEach((id, text) -> {
            stored.put(text, id);
            textById.put(id, text);
        });
    }

    /** A definition read back from the store: stored, so known both ways from now on. */
    public void read(String id, String text) {
        stored(Map.of(id, text));
    }

    public static String contentId(String definition) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(definition.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
