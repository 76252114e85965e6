package dev.statewright.api.integrations.itemreader;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.ItemReaderRequest;
import dev.statewright.interpreter.engine.ItemsRead;
import dev.statewright.interpreter.json.Json;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an object's content into Map items as ReaderConfig's InputType says, reading the stream
 * item by item: JSON (an array, streamed), JSONL (a JSON value a line), CSV (each record an object
 * keyed by the headers: the first row's, or CSVHeaders). Only the items taken are held.
 *
 * <p>A read takes every item (MaxItems applied) or one page: at most a limit of items, from a
 * cursor where the previous page stopped. The cursor is {@code {"Offset": N}}, the byte offset in
 * the object after the last item taken, so the next page reads from there (an S3 Range), with
 * {@code "Line"} (where that is, for messages) and, for CSV whose first row is the header,
 * {@code "Headers"} (that row, read once on the first page). A content that cannot be read fails
 * with States.ItemReaderFailed.
 */
public final class ObjectItems {
    private static final Map<String, Character> DELIMITERS = Map.of("COMMA", ',', "PIPE", '|', "SEMICOLON", ';',
            "SPACE", ' ', "TAB", '\t');

    private ObjectItems() {
    }

    /** Every item of {@code content}, at most {@code read.maxItems()} of them (0: all). */
    public static ArrayNode read(InputStream content, ItemReaderRequest read, String where) {
        int limit = read.maxItems() <= 0 ? Integer.MAX_VALUE : read.maxItems();
        return read(content, read, null, limit, false, where).items();
    }

    /**
     * One page: at most {@code limit} items of {@code content}, which starts where {@code cursor}
     * says (null: the object's start). The answer's {@code after} is the cursor of the next page,
     * null when nothing follows (MaxItems is not applied: the engine counts).
     */
    public static ItemsRead page(InputStream content, ItemReaderRequest read, ObjectNode cursor, int limit, String where) {
        return read(content, read, cursor, limit, true, where);
    }

    private static ItemsRead read(InputStream content, ItemReaderRequest read, ObjectNode cursor, int limit,
                                  boolean paged, String where) {
        String type = read.inputType() == null ? "JSON" : read.inputType();
        try {
            return switch (type) {
                case "JSON" -> jsonArray(content, cursor, limit, paged);
                case "JSONL" -> jsonLines(content, cursor, limit, paged, where);
                case "CSV" -> csv(content, cursor, limit, paged, read.readerConfig(), where);
                default -> throw new StatesException(StatesErrors.ITEM_READER_FAILED, "The ReaderConfig InputType '"
                        + type + "' is not supported by Statewright: use JSON, JSONL, CSV or MANIFEST");
            };
        } catch (IOException | UncheckedIOException e) {
            throw new StatesException(StatesErrors.ITEM_READER_FAILED, "Could not read " + where + ": " + e.getMessage());
        }
    }

    /**
     * A later page starts inside the array, just after an element: the bytes up to the comma
     * before the next one are read here, and Jackson is handed a '[' in the comma's place, so
     * it reads the rest as an array of its own. Offsets then come from Jackson's byte count.
     */
    private static ItemsRead jsonArray(InputStream content, ObjectNode cursor, int limit, boolean paged) throws IOException {
        ArrayNode items = Json.NODES.arrayNode();
        long start = cursor == null ? 0 : cursor.path("Offset").asLong();
        InputStream stream = content;
        long base = 0; // the object's offset of Jackson's byte 0
        if (cursor != null) {
            PushbackInputStream in = new PushbackInputStream(content, 1);
            int c;
            long skipped = 0;
            do {
                c = in.read();
                skipped++;
            } while (c == ' ' || c == '\n' || c == '\r' || c == '\t');
            if (c == ']' || c == -1) {
                return ItemsRead.last(items);
            }
            if (c != ',') {
                throw new StatesException(StatesErrors.ITEM_READER_FAILED, "The content is not valid JSON: expected ','"
                        + " between the array's elements at byte " + (start + skipped - 1));
            }
            stream = new SequenceInputStream(new ByteArrayInputStream(new byte[]{'['}), in);
            base = start + skipped - 1;
        }
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(stream)) {
            parser.configure(JsonParser.Feature.AUTO_CLOSE_SOURCE, false); // the caller aborts or closes the object's stream
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new StatesException(StatesErrors.ITEM_READER_FAILED, "Attempting to map over non-iterable node.");
            }
            long end = base;
            while (items.size() < limit && parser.nextToken() != JsonToken.END_ARRAY) {
                items.add((JsonNode) Json.MAPPER.readTree(parser));
                end = base + parser.currentLocation().getByteOffset();
            }
            if (!paged || items.size() < limit || parser.nextToken() == JsonToken.END_ARRAY) {
                return ItemsRead.last(items);
            }
            return new ItemsRead(items, Json.object().put("Offset", end));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new StatesException(StatesErrors.ITEM_READER_FAILED, "The content is not valid JSON: "
                    + e.getOriginalMessage() + (at == null ? "" : " (at byte " + (base + at.getByteOffset()) + ")"));
        }
    }

    private static ItemsRead jsonLines(InputStream content, ObjectNode cursor, int limit, boolean paged, String where) {
        ArrayNode items = Json.NODES.arrayNode();
        CountedBytes in = new CountedBytes(content, cursor == null ? 0 : cursor.path("Offset").asLong());
        long number = cursor == null ? 1 : cursor.path("Line").asLong(1);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (items.size() < limit) {
            line.reset();
            int c = in.read();
            if (c == -1) {
                return ItemsRead.last(items);
            }
            while (c != '\n' && c != -1) {
                line.write(c);
                c = in.read();
            }
            byte[] bytes = line.toByteArray();
            if (!isBlank(bytes)) {
                try {
                    items.add(Json.MAPPER.readTree(bytes));
                } catch (IOException e) {
                    throw new StatesException(StatesErrors.ITEM_READER_FAILED, "Line " + number + " of " + where
                            + " is not a JSON value: " + (e instanceof JsonProcessingException json
                            ? json.getOriginalMessage() : e.getMessage()));
                }
            }
            number++;
        }
        ObjectNode next = Json.object().put("Offset", in.position()).put("Line", number);
        if (!paged) {
            return ItemsRead.last(items);
        }
        while (isBlankByte(in.peek())) {
            in.read(); // only blank lines left: this was the last page
        }
        return in.peek() == -1 ? ItemsRead.last(items) : new ItemsRead(items, next);
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (!isBlankByte(b)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlankByte(int b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '\f' || b == 0x0b;
    }

    private static ItemsRead csv(InputStream content, ObjectNode cursor, int limit, boolean paged, ObjectNode config,
                                 String where) {
        CountedBytes in = new CountedBytes(content, cursor == null ? 0 : cursor.path("Offset").asLong());
        CsvRecords records = new CsvRecords(in, delimiter(config), cursor == null ? 1 : cursor.path("Line").asLong(1));
        List<String> headers = new ArrayList<>();
        boolean firstRow = !"GIVEN".equals(config.path("CSVHeaderLocation").asText("FIRST_ROW"));
        try {
            if (!firstRow) {
                config.path("CSVHeaders").forEach(header -> headers.add(header.asText()));
            } else if (cursor != null) {
                cursor.path("Headers").forEach(header -> headers.add(header.asText()));
            } else {
                List<String> header = records.next();
                if (header == null) {
                    return ItemsRead.last(Json.NODES.arrayNode()); // an empty object: no header, no items
                }
                headers.addAll(header);
            }
            ArrayNode items = Json.NODES.arrayNode();
            List<String> fields;
            while (items.size() < limit && (fields = records.next()) != null) {
                ObjectNode item = items.addObject();
                // A field beyond the headers is left out; a missing one is empty.
                for (int i = 0; i < headers.size(); i++) {
                    item.put(headers.get(i), i < fields.size() ? fields.get(i) : "");
                }
            }
            if (!paged || items.size() < limit) {
                return ItemsRead.last(items);
            }
            ObjectNode next = Json.object().put("Offset", in.position()).put("Line", records.line());
            if (firstRow) {
                headers.forEach(next.putArray("Headers")::add);
            }
            return records.hasNext() ? new ItemsRead(items, next) : ItemsRead.last(items);
        } catch (IllegalArgumentException e) {
            throw new StatesException(StatesErrors.ITEM_READER_FAILED, "The CSV of " + where + " cannot be read: "
                    + e.getMessage());
        }
    }

    private static char delimiter(ObjectNode config) {
        JsonNode named = config.get("CSVDelimiter");
        if (named == null) {
            return ',';
        }
        Character delimiter = DELIMITERS.get(named.asText());
        if (delimiter == null) {
            throw new StatesException(StatesErrors.ITEM_READER_FAILED, "The ReaderConfig CSVDelimiter "
                    + Json.write(named) + " is not one of COMMA, PIPE, SEMICOLON, SPACE, TAB");
        }
        return delimiter;
    }
}
