package dev.statewright.api.integrations.awssdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.integrations.itemreader.InventoryManifest;
import dev.statewright.api.integrations.itemreader.ObjectItems;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.ItemReaderRequest;
import dev.statewright.interpreter.engine.ItemsRead;
import dev.statewright.interpreter.engine.TaskHandler;
import dev.statewright.interpreter.engine.TaskRequest;
import dev.statewright.interpreter.json.Json;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * Reads a Distributed Map's items from S3, for an ItemReader whose Resource is
 * {@code arn:aws:states:::s3:getObject} (the object's content, parsed item by item as
 * ReaderConfig's InputType says; MANIFEST: the rows of an S3 Inventory report's files) or
 * {@code arn:aws:states:::s3:listObjectsV2} (the objects under a Prefix, each as {Etag, Key,
 * LastModified, Size, StorageClass}). The engine hands it the read as a task request
 * ({@link ItemReaderRequest}); every failure is States.ItemReaderFailed, its cause S3's words.
 *
 * <p>A request without a page gets every item (MaxItems applied). A request for a page gets at
 * most its Limit of items and a token the next page starts after ({@link ItemsRead}), so no read
 * holds more than a page: for an object, the byte offset after the last item taken and the
 * object's ETag (the next page asks S3 for the bytes from there, if the object still has that
 * ETag, and stops reading as soon as it has its items); for a listing, the last key returned; for
 * an inventory, the file and the offset in it.
 */
public final class S3ItemReader implements TaskHandler {
    public static final String GET_OBJECT = "arn:aws:states:::s3:getObject";
    public static final String LIST_OBJECTS_V2 = "arn:aws:states:::s3:listObjectsV2";
    private static final int LIST_PAGE_MAX = 1000;

    private final AwsSdkTaskHandler sdk;

    public S3ItemReader(AwsSdkTaskHandler sdk) {
        this.sdk = sdk;
    }

    /** Whether a resource is an ItemReader's that this reads. */
    public static boolean handles(String resource) {
        return resource.equals(GET_OBJECT) || resource.equals(LIST_OBJECTS_V2);
    }

    @Override
    public CompletionStage<JsonNode> invoke(TaskRequest request) {
        ItemReaderRequest read = ItemReaderRequest.of(request);
        ItemReaderRequest.Page page = ItemReaderRequest.pageOf(request);
        return sdk.withClient("s3", request.stateName(), client -> answer((S3Client) client, read, page))
                .handle((items, failure) -> {
                    if (failure != null) {
                        throw readFailure(failure instanceof CompletionException ? failure.getCause() : failure);
                    }
                    return items;
                });
    }

    private static JsonNode answer(S3Client s3, ItemReaderRequest read, ItemReaderRequest.Page page) {
        int limit = page != null ? Math.max(1, page.limit()) : read.maxItems() > 0 ? read.maxItems() : Integer.MAX_VALUE;
        ObjectNode after = page == null ? null : token(page);
        ItemsRead taken;
        if (read.resource().equals(LIST_OBJECTS_V2)) {
            taken = listObjects(s3, read, after, limit);
        } else if ("MANIFEST".equals(read.inputType())) {
            taken = inventory(s3, read, after, limit);
        } else {
            taken = objectItems(s3, read, after, limit, page != null);
        }
        return page == null ? taken.items() : taken.toJson();
    }

    private static ObjectNode token(ItemReaderRequest.Page page) {
        if (page.after() == null) {
            return null;
        }
        if (!(page.after() instanceof ObjectNode token)) {
            throw new StatesException(StatesErrors.ITEM_READER_FAILED, "The page token " + Json.write(page.after())
                    + " is not one this S3 reader gave");
        }
        return token;
    }

    private static ItemsRead objectItems(S3Client s3, ItemReaderRequest read, ObjectNode after, int limit, boolean paged) {
        String bucket = required(read, "Bucket");
        String key = required(read, "Key");
        String versionId = read.parameters().path("VersionId").asText(null);
        String where = "s3://" + bucket + "/" + key;
        GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(bucket).key(key).versionId(versionId);
        if (after != null) {
            get.range("bytes=" + after.path("Offset").asLong() + "-").ifMatch(after.path("ETag").asText(null));
        }
        return withObject(s3, get.build(), where, content -> {
            if (!paged) {
                return ItemsRead.last(ObjectItems.read(content, read, where));
            }
            ItemsRead page = ObjectItems.page(content, read, after, limit, where);
            if (page.isLast()) {
                return page;
            }
            ObjectNode next = (ObjectNode) page.after();
            next.put("ETag", content.response().eTag());
            if (versionId != null) {
                next.put("VersionId", versionId);
            }
            return new ItemsRead(page.items(), next);
        });
    }

    /**
     * Opens an object and hands its stream to {@code read}; what is left of the stream when it
     * is done is not downloaded (the connection is aborted), which is how a page stops early.
     */
    private static <T> T withObject(S3Client s3, GetObjectRequest get, String where,
                                    Function<ResponseInputStream<GetObjectResponse>, T> read) {
        ResponseInputStream<GetObjectResponse> content;
        try {
            content = s3.getObject(get);
        } catch (S3Exception e) {
            if (get.ifMatch() != null && (e.statusCode() == 412 || e.statusCode() == 416)) {
                throw new StatesException(StatesErrors.ITEM_READER_FAILED, "The object " + where + " changed during"
                        + " the Map Run: it no longer has the ETag " + get.ifMatch() + " that its first items were read"
                        + " from, so the rest cannot be read (" + e.awsErrorDetails().errorMessage() + ")");
            }
            throw e;
        }
        try {
            return read.apply(content);
        } finally {
            content.abort(); // the rest of the object is not wanted (at its end, there is nothing left to drop)
            try {
                content.close();
            } catch (IOException ignored) {
                // aborted: nothing is left to release
            }
        }
    }

    /**
     * The objects under a prefix, in key order. A page's token is {@code {"StartAfter": KEY}}, the
     * last key it returned, so a page that ends in the middle of one of S3's pages of keys
     * continues exactly after it.
     */
    private static ItemsRead listObjects(S3Client s3, ItemReaderRequest read, ObjectNode after, int limit) {
        String bucket = required(read, "Bucket");
        String prefix = read.parameters().path("Prefix").asText(null);
        String startAfter = after == null ? null : after.path("StartAfter").asText(null);
        ArrayNode items = Json.NODES.arrayNode();
        String token = null;
        while (true) {
            String continuation = token;
            // One key more than wanted, so a listing that ends with the page is known to end.
            int wanted = (int) Math.min(LIST_PAGE_MAX, (long) limit - items.size() + 1);
            ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(wanted)
                    .startAfter(continuation == null ? startAfter : null).continuationToken(continuation));
            for (S3Object object : page.contents()) {
                if (items.size() >= limit) {
                    return new ItemsRead(items, Json.object().put("StartAfter", items.get(items.size() - 1)
                            .path("Key").asText()));
                }
                ObjectNode item = items.addObject();
                item.put("Etag", object.eTag());
                item.put("Key", object.key());
                item.put("LastModified", object.lastModified() == null ? null : object.lastModified().getEpochSecond());
                item.put("Size", object.size());
                item.put("StorageClass", object.storageClassAsString() == null ? "STANDARD" : object.storageClassAsString());
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            if (token == null) {
                return ItemsRead.last(items);
            }
            if (items.size() >= limit) {
                return new ItemsRead(items, Json.object().put("StartAfter", items.get(items.size() - 1)
                        .path("Key").asText()));
            }
        }
    }

    /**
     * MANIFEST: the rows of the CSV files an S3 Inventory report's manifest.json lists, file
     * after file. A page's token is the file's index and the offset in its decompressed content
     * after the last row taken. A gzip stream cannot be entered in the middle, so a page that
     * starts inside a file decompresses what comes before and passes over it (the S3 download of
     * the file's start is repeated, its parsing is not); an inventory's files are small enough
     * (AWS splits reports into files of a few hundred MB at most) for that to stay cheap.
     */
    private static ItemsRead inventory(S3Client s3, ItemReaderRequest read, ObjectNode after, int limit) {
        String bucket = required(read, "Bucket");
        String key = required(read, "Key");
        String where = "s3://" + bucket + "/" + key;
        GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(bucket).key(key);
        if (after != null) {
            get.ifMatch(after.path("ETag").asText(null));
        }
        String[] etag = new String[1];
        InventoryManifest manifest = InventoryManifest.parse(withObject(s3, get.build(), where, content -> {
            etag[0] = content.response().eTag();
            try {
                return Json.MAPPER.readTree(content); // a manifest is small: a list of file names
            } catch (IOException e) {
                throw new StatesException(StatesErrors.ITEM_READER_FAILED, "The S3 Inventory manifest " + where
                        + " is not valid JSON: " + e.getMessage());
            }
        }), bucket, where);
        ItemReaderRequest rows = new ItemReaderRequest(read.resource(), read.parameters(), manifest.csvConfig());
        ArrayNode items = Json.NODES.arrayNode();
        int file = after == null ? 0 : after.path("File").asInt();
        ObjectNode cursor = after;
        for (; file < manifest.fileKeys().size() && items.size() < limit; file++, cursor = null) {
            String fileKey = manifest.fileKeys().get(file);
            String fileWhere = "s3://" + manifest.bucket() + "/" + fileKey;
            ObjectNode from = cursor;
            int wanted = limit - items.size();
            ItemsRead part = withObject(s3, GetObjectRequest.builder().bucket(manifest.bucket()).key(fileKey).build(),
                    fileWhere, content -> rowsOf(content, fileKey, rows, from, wanted, fileWhere));
            items.addAll(part.items());
            if (!part.isLast()) {
                ObjectNode next = ((ObjectNode) part.after()).put("File", file).put("ETag", etag[0]);
                return new ItemsRead(items, next);
            }
        }
        return file >= manifest.fileKeys().size() ? ItemsRead.last(items)
                : new ItemsRead(items, Json.object().put("File", file).put("Offset", 0).put("ETag", etag[0]));
    }

    private static ItemsRead rowsOf(InputStream content, String fileKey, ItemReaderRequest rows, ObjectNode from,
                                    int limit, String where) {
        try {
            InputStream csv = fileKey.endsWith(".gz") ? new GZIPInputStream(content, 64 * 1024) : content;
            long offset = from == null ? 0 : from.path("Offset").asLong();
            csv.skipNBytes(offset);
            return ObjectItems.page(csv, rows, from, limit, where);
        } catch (IOException e) {
            throw new StatesException(StatesErrors.ITEM_READER_FAILED, "Could not read " + where + ": " + e.getMessage());
        }
    }

    private static String required(ItemReaderRequest read, String field) {
        JsonNode value = read.parameters().get(field);
        if (value == null || !value.isTextual()) {
            throw new StatesException(StatesErrors.ITEM_READER_FAILED, "The ItemReader's Parameters for "
                    + read.resource() + " need the string field " + field + ", but have " + Json.write(read.parameters()));
        }
        return value.textValue();
    }

    private static RuntimeException readFailure(Throwable failure) {
        if (failure instanceof StatesException states) {
            return states;
        }
        if (failure instanceof SdkException sdkError) {
            return new StatesException(StatesErrors.ITEM_READER_FAILED, sdkError.getMessage());
        }
        return new StatesException(StatesErrors.ITEM_READER_FAILED, String.valueOf(failure));
    }
}
