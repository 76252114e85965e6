package dev.statewright.api.integrations.itemreader;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV (RFC 4180) one record at a time from a stream: fields separated by commas, records by
 * CRLF or LF, a field in double quotes may hold commas, line breaks and doubled quotes. Blank
 * lines are skipped. Fields are kept exactly as written, spaces included.
 */
final class CsvRecords {
    private final Reader in;
    /** A character read ahead and not yet used, or -2 for none. */
    private int ahead = -2;
    private long line = 1;

    CsvRecords(Reader in) {
        this.in = in;
    }

    /** The next record's fields, or null at the end of the stream. */
    List<String> next() {
        int c = read();
        while (c == '\n' || c == '\r') {
            c = read(); // blank lines carry no record
        }
        if (c == -1) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        long startLine = line;
        while (true) {
            if (c == '"' && field.isEmpty()) {
                c = quoted(field, startLine);
                continue;
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == -1) {
                fields.add(field.toString());
                return fields;
            } else if (c == '\r') {
                int after = read();
                if (after != '\n') {
                    ahead = after;
                }
                fields.add(field.toString());
                return fields;
            } else {
                field.append((char) c);
            }
            c = read();
        }
    }

    /** Reads a quoted field's content after its opening quote; returns the character after the closing one. */
    private int quoted(StringBuilder field, long startLine) {
        while (true) {
            int c = read();
            if (c == -1) {
                throw new IllegalArgumentException("the quoted field begun on line " + startLine + " has no closing quote");
            }
            if (c == '"') {
                int after = read();
                if (after != '"') {
                    return after;
                }
            }
            field.append((char) c);
        }
    }

    private int read() {
        if (ahead != -2) {
            int c = ahead;
            ahead = -2;
            return c;
        }
        try {
            int c = in.read();
            if (c == '\n') {
                line++;
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
