package dev.statewright.api.integrations.itemreader;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV (RFC 4180) one record at a time from an object's bytes: fields separated by a
 * delimiter (a comma unless ReaderConfig names another), records by CRLF or LF, a field in double
 * quotes may hold delimiters, line breaks and doubled quotes. Blank lines are skipped. Fields are
 * kept exactly as written, spaces included. Works on bytes, not characters, so that the offset
 * after each record is known exactly (every character that shapes a record is ASCII, and UTF-8
 * never uses those bytes inside a longer character); a field's bytes are decoded as UTF-8.
 */
final class CsvRecords {
    private final CountedBytes in;
    private final int delimiter;
    private long line;

    /**
     * @param delimiter the byte between fields
     * @param line      the line number of the stream's first line, for messages
     */
    CsvRecords(CountedBytes in, char delimiter, long line) {
        this.in = in;
        this.delimiter = delimiter;
        this.line = line;
    }

    /** The line number the next record starts on (or a blank line before it). */
    long line() {
        return line;
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
        ByteArrayOutputStream field = new ByteArrayOutputStream();
        long startLine = line;
        while (true) {
            if (c == '"' && field.size() == 0) {
                c = quoted(field, startLine);
                continue;
            }
            if (c == delimiter) {
                fields.add(field.toString(StandardCharsets.UTF_8));
                field.reset();
            } else if (c == '\n' || c == -1) {
                fields.add(field.toString(StandardCharsets.UTF_8));
                return fields;
            } else if (c == '\r') {
                if (in.peek() == '\n') {
                    read();
                }
                fields.add(field.toString(StandardCharsets.UTF_8));
                return fields;
            } else {
                field.write(c);
            }
            c = read();
        }
    }

    /** Whether another record follows; skips the blank lines before it. */
    boolean hasNext() {
        int c = in.peek();
        while (c == '\n' || c == '\r') {
            read();
            c = in.peek();
        }
        return c != -1;
    }

    /** Reads a quoted field's content after its opening quote; returns the byte after the closing one. */
    private int quoted(ByteArrayOutputStream field, long startLine) {
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
            field.write(c);
        }
    }

    private int read() {
        int c = in.read();
        if (c == '\n') {
            line++;
        }
        return c;
    }
}
