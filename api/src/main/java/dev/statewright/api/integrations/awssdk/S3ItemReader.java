package dev.statewright.api.integrations.awssdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.integrations.itemreader.ObjectItems;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.ItemReaderRequest;
import dev.statewright.interpreter.engine.TaskHandler;
import dev.statewright.interpreter.engine.TaskRequest;
import dev.statewright.interpreter.json.Json;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Reads a Distributed Map's items from S3, for an ItemReader whose Resource is
 * {@code arn:aws:states:::s3:getObject} (the object's content, parsed item by item as
 * ReaderConfig's InputType says) or {@code arn:aws:states:::s3:listObjectsV2} (the objects under a
 * Prefix, page after page, each as {Etag, Key, LastModified, Size, StorageClass}). MaxItems
 * stops the read early. The engine hands it the read as a task request ({@link ItemReaderRequest});
 * every failure is States.ItemReaderFailed, its cause S3's words.
 */
public final class S3ItemReader implements TaskHandler {
    public static final String GET_OBJECT = "arn:aws:states:::s3:getObject";
    public static final String LIST_OBJECTS_V2 = "arn:aws:states:::s3:listObjectsV2";

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
        return sdk.withClient("s3", request.stateName(), client -> (JsonNode) (read.resource().equals(LIST_OBJECTS_V2)
                        ? listObjects((S3Client) client, read) : objectItems((S3Client) client, read)))
                .handle((items, failure) -> {
                    if (failure != null) {
                        throw readFailure(failure instanceof CompletionException ? failure.getCause() : failure);
                    }
                    return items;
                });
    }

    private static ArrayNode objectItems(S3Client s3, ItemReaderRequest read) {
        String bucket = required(read, "Bucket");
        String key = required(read, "Key");
        String versionId = read.parameters().path("VersionId").asText(null);
        try (ResponseInputStream<GetObjectResponse> content = s3.getObject(b -> b.bucket(bucket).key(key)
                .versionId(versionId))) {
            ArrayNode items = ObjectItems.read(content, read, "s3://" + bucket + "/" + key);
            if (read.maxItems() > 0) {
                content.abort(); // the rest of the object is not wanted
            }
            return items;
        } catch (IOException e) {
            throw new StatesException(StatesErrors.ITEM_READER_FAILED, "Could not read s3://" + bucket + "/" + key
                    + ": " + e.getMessage());
        }
    }

    private static ArrayNode listObjects(S3Client s3, ItemReaderRequest read) {
        String bucket = required(read, "Bucket");
        String prefix = read.parameters().path("Prefix").asText(null);
        int limit = read.maxItems() <= 0 ? Integer.MAX_VALUE : read.maxItems();
        ArrayNode items = Json.NODES.arrayNode();
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)
                    .continuationToken(continuation));
            for (S3Object object : page.contents()) {
                if (items.size() >= limit) {
                    return items;
                }
                ObjectNode item = items.addObject();
                item.put("Etag", object.eTag());
                item.put("Key", object.key());
                item.put("LastModified", object.lastModified() == null ? null : object.lastModified().getEpochSecond());
                item.put("Size", object.size());
                item.put("StorageClass", object.storageClassAsString() == null ? "STANDARD" : object.storageClassAsString());
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null && items.size() < limit);
        return items;
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
