package dev.statewright.api.integrations.itemreader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * An object's bytes taken one at a time through a buffer, counting them from where the stream
 * starts in the object, so a read can say the byte offset it stopped at: the next page's Range.
 */
final class CountedBytes {
    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int next;
    private int end;
    private long position;

    /** @param start the offset in the object of the stream's first byte */
    CountedBytes(InputStream in, long start) {
        this.in = in;
        this.position = start;
    }

    /** The next byte (0 to 255), or -1 at the end. */
    int read() {
        if (!fill()) {
            return -1;
        }
        position++;
        return buffer[next++] & 0xff;
    }

    /** The next byte without taking it, or -1 at the end. */
    int peek() {
        return fill() ? buffer[next] & 0xff : -1;
    }

    /** The offset in the object of the next byte to take. */
    long position() {
        return position;
    }

    private boolean fill() {
        try {
            while (next == end) {
                int count = in.read(buffer, 0, buffer.length);
                if (count < 0) {
                    return false;
                }
                next = 0;
                end = count;
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
