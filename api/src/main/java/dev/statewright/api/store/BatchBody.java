package dev.statewright.api.store;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.statewright.api.store.IndexChange.IndexMap;

/**
 * A batch's changes as bytes: {@code [int count]} then per change {@code [byte map][int length][key]
 * [int length or -1 for a removal][value]}. The index points at values inside a body by their
 * offset in it, so a body, once written, is never re-encoded differently.
 *
 * @param valueOffsets where each change's value begins in {@code bytes} (-1 for a removal)
 */
record BatchBody(byte[] bytes, List<IndexChange> changes, int[] valueOffsets) {

    static BatchBody encode(List<IndexChange> changes) {
        int size = 4;
        List<byte[]> keys = new ArrayList<>(changes.size());
        for (IndexChange change : changes) {
            byte[] key = change.key().getBytes(StandardCharsets.UTF_8);
            keys.add(key);
            size += 1 + 4 + key.length + 4 + (change.value() == null ? 0 : change.value().length);
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        int[] valueOffsets = new int[changes.size()];
        buffer.putInt(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            IndexChange change = changes.get(i);
            buffer.put((byte) change.map().ordinal());
            buffer.putInt(keys.get(i).length).put(keys.get(i));
            if (change.value() == null) {
                buffer.putInt(-1);
                valueOffsets[i] = -1;
            } else {
                buffer.putInt(change.value().length);
                valueOffsets[i] = buffer.position();
                buffer.put(change.value());
            }
        }
        return new BatchBody(buffer.array(), changes, valueOffsets);
    }

    /** Reads a body back; null when it does not hold a whole batch (damage, or not a body). */
    static BatchBody decode(byte[] bytes) {
        try {
            ByteBuffer data = ByteBuffer.wrap(bytes);
            int count = data.getInt();
            if (count < 0 || count > bytes.length) {
                return null;
            }
            IndexMap[] maps = IndexMap.values();
            List<IndexChange> changes = new ArrayList<>(count);
            int[] valueOffsets = new int[count];
            for (int i = 0; i < count; i++) {
                int map = data.get();
                if (map < 0 || map >= maps.length) {
                    return null;
                }
                byte[] key = new byte[data.getInt()];
                data.get(key);
                int length = data.getInt();
                byte[] value = null;
                valueOffsets[i] = -1;
                if (length >= 0) {
                    valueOffsets[i] = data.position();
                    value = new byte[length];
                    data.get(value);
                } else if (length != -1) {
                    return null;
                }
                changes.add(new IndexChange(maps[map], new String(key, StandardCharsets.UTF_8), value));
            }
            return data.hasRemaining() ? null : new BatchBody(bytes, changes, valueOffsets);
        } catch (BufferUnderflowException | IllegalArgumentException | NegativeArraySizeException e) {
            return null;
        }
    }

    /** The bytes of one value, at an offset {@link #valueOffsets} gave. */
    static byte[] value(byte[] body, int offset, int length) {
        if (offset < 0 || length < 0 || (long) offset + length > body.length) {
            throw new IllegalStateException("A value at " + offset + " (" + length + " bytes) lies outside its batch of "
                    + body.length + " bytes");
        }
        byte[] value = new byte[length];
        System.arraycopy(body, offset, value, 0, length);
        return value;
    }
}
