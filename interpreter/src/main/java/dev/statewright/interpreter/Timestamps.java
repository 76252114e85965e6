package dev.statewright.interpreter;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** RFC 3339 timestamps, as Choice comparisons, Wait states and the validator read them. */
public final class Timestamps {
    private Timestamps() {
    }

    /** The timestamp, or null when the text is not one (a date without a time or an offset is not). */
    public static OffsetDateTime parse(String text) {
        if (text.length() < 20 || text.charAt(10) != 'T') {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public static boolean isRfc3339(String text) {
        return parse(text) != null;
    }
}
