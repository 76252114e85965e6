package dev.statewright.api.integrations.itemreader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * An S3 Inventory report's {@code manifest.json}, which a MANIFEST ItemReader is pointed at: the
 * report's files (gzipped CSV, no header row) in its destination bucket, and the columns each row
 * holds ({@code fileSchema}, e.g. {@code "Bucket, Key, Size"}). Each row is a Map item keyed by
 * those columns. Only CSV reports can be read, as on AWS.
 *
 * @param bucket   where the files are (destinationBucket, an ARN; the manifest's own bucket where absent)
 * @param columns  the column names, in order
 * @param fileKeys the files' keys, in the order they are read
 */
public record InventoryManifest(String bucket, List<String> columns, List<String> fileKeys) {

    public InventoryManifest {
        columns = List.copyOf(columns);
        fileKeys = List.copyOf(fileKeys);
    }

    /** The manifest in {@code content}, found in {@code manifestBucket} at {@code where}. */
    public static InventoryManifest parse(JsonNode content, String manifestBucket, String where) {
        if (!content.isObject()) {
            throw invalid(where, "it is not a JSON object");
        }
        String format = content.path("fileFormat").asText("");
        if (!format.equalsIgnoreCase("CSV")) {
            throw new StatesException(StatesErrors.ITEM_READER_FAILED, "The S3 Inventory manifest " + where
                    + " lists " + (format.isEmpty() ? "files of no fileFormat" : format + " files")
                    + ": a MANIFEST ItemReader reads CSV inventory reports only");
        }
        List<String> columns = new ArrayList<>();
        for (String column : content.path("fileSchema").asText("").split(",")) {
            if (!column.isBlank()) {
                columns.add(column.strip());
            }
        }
        if (columns.isEmpty()) {
            throw invalid(where, "it has no fileSchema");
        }
        List<String> keys = new ArrayList<>();
        for (JsonNode file : content.path("files")) {
            if (!file.path("key").isTextual()) {
                throw invalid(where, "a file in its files has no key: " + Json.write(file));
            }
            keys.add(file.get("key").textValue());
        }
        String destination = content.path("destinationBucket").asText("");
        // An ARN (arn:aws:s3:::name); the name is what follows its last colon.
        String bucket = destination.isEmpty() ? manifestBucket : destination.substring(destination.lastIndexOf(':') + 1);
        return new InventoryManifest(bucket, columns, keys);
    }

    private static StatesException invalid(String where, String why) {
        return new StatesException(StatesErrors.ITEM_READER_FAILED, "The S3 Inventory manifest " + where
                + " cannot be read: " + why);
    }

    /** How each file is read: CSV whose headers are the schema's columns. */
    public ObjectNode csvConfig() {
        ObjectNode config = Json.object().put("InputType", "CSV").put("CSVHeaderLocation", "GIVEN");
        columns.forEach(config.putArray("CSVHeaders")::add);
        return config;
    }
}
