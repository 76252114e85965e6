package dev.statewright.api.integrations.itemreader;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.ItemReaderRequest;
import dev.statewright.interpreter.json.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an object's content into Map items as ReaderConfig's InputType says, reading the stream
 * item by item and stopping at MaxItems: JSON (an array, streamed), JSONL (a JSON value a line),
 * CSV (each record an object keyed by the headers: the first row's, or CSVHeaders). All items read
 * are held in memory. A content that cannot be read fails with States.ItemReaderFailed.
 */
public final class ObjectItems {
    private ObjectItems() {
    }

    /** The items of {@code content}, at most {@code read.maxItems()} of them (0: all). */
    public static ArrayNode read(InputStream content, ItemReaderRequest read, String where) {
        String type = read.inputType() == null ? "JSON" : read.inputType();
        int limit = read.maxItems() <= 0 ? Integer.MAX_VALUE : read.maxItems();
        try {
            return switch (type) {
                case "JSON" -> jsonArray(content, limit);
                case "JSONL" -> jsonLines(content, limit, where);
                case "CSV" -> csv(content, limit, read.readerConfig(), where);
                default -> throw new StatesException(StatesErrors.ITEM_READER_FAILED, "The ReaderConfig InputType '"
                        + type + "' is not supported by Statewright: use JSON, JSONL or CSV");
            };
        } catch (IOException | UncheckedIOException e) {
            throw new StatesException(StatesErrors.ITEM_READER_FAILED, "Could not read " + where + ": " + e.getMessage());
        }
    }

    private static ArrayNode jsonArray(InputStream content, int limit) throws IOException {
        ArrayNode items = Json.NODES.arrayNode();
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(content)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new StatesException(StatesErrors.ITEM_READER_FAILED, "Attempting to map over non-iterable node.");
            }
            while (items.size() < limit && parser.nextToken() != JsonToken.END_ARRAY) {
                items.add((JsonNode) Json.MAPPER.readTree(parser));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StatesException(StatesErrors.ITEM_READER_FAILED, "The content is not valid JSON: "
                    + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ")");
        }
        return items;
    }

    private static ArrayNode jsonLines(InputStream content, int limit, String where) throws IOException {
        ArrayNode items = Json.NODES.arrayNode();
        BufferedReader lines = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while (items.size() < limit && (line = lines.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                items.add(Json.parse(line));
            } catch (RuntimeException e) {
                throw new StatesException(StatesErrors.ITEM_READER_FAILED, "Line " + number + " of " + where
                        + " is not a JSON value: " + e.getMessage());
            }
        }
        return items;
    }

    private static ArrayNode csv(InputStream content, int limit, ObjectNode config, String where) {
        CsvRecords records = new CsvRecords(new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8)));
        List<String> headers;
        try {
            if ("GIVEN".equals(config.path("CSVHeaderLocation").asText("FIRST_ROW"))) {
                headers = new ArrayList<>();
                for (JsonNode header : config.path("CSVHeaders")) {
                    headers.add(header.asText());
                }
            } else {
                headers = records.next();
                if (headers == null) {
                    return Json.NODES.arrayNode(); // an empty object: no header, no items
                }
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
            return items;
        } catch (IllegalArgumentException e) {
            throw new StatesException(StatesErrors.ITEM_READER_FAILED, "The CSV of " + where + " cannot be read: "
                    + e.getMessage());
        }
    }
}
