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
 * the record. Remembers the definitions already written, so each goes to the store once.
 */
final class DefinitionIds {
    private static final int REMEMBERED = 1024;

    private final Map<String, String> written = new ConcurrentHashMap<>();

    /** The definition's name; {@code firstTime} hears of a definition not yet written by this store. */
    String idOf(String definition, java.util.function.BiConsumer<String, String> firstTime) {
        String id = written.get(definition); // the text's hash is cached by the String: a lookup is cheap
        if (id != null) {
            return id;
        }
        id = contentId(definition);
        firstTime.accept(id, definition);
        if (written.size() >= REMEMBERED) {
            written.clear();
        }
        written.put(definition, id);
        return id;
    }

    /** A batch that named a definition for the first time may not have been stored: write them again. */
    void forget() {
        written.clear();
    }

    static String contentId(String definition) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(definition.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
