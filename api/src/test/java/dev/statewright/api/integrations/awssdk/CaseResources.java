package dev.statewright.api.integrations.awssdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.statewright.interpreter.conformance.ConformanceCase;
import dev.statewright.interpreter.conformance.RecordedResources;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import dev.statewright.interpreter.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a recorded case assumed existed before it ran, made in the local services: its queue, topic,
 * table (keyed as its items are), bucket and the object its getObject reads (with the body and
 * content type its expected output shows), and the objects its ItemReader reads. The names the recording masked in the definition and
 * input ({@code <sqs_queue_url>}, {@code table-name}, ...) are replaced by the made ones'; what
 * the case's test left missing on purpose (a topic, a table, a bucket, a queue host) stays missing.
 */
final class CaseResources {
    /** A queue URL whose host does not resolve, as the recording's {@code <no_such_sqs_queue_url>} had it. */
    static final String NO_SUCH_QUEUE_URL = "https://no-such-queue-73e08fde/111111111111/no-such-queue";
    private static final Set<String> QUEUE_MASKS = Set.of("<sqs_queue_url>", "sqs_queue_url", "<queue-url:1>", "sqs-queue-url");
    private static final Set<String> TOPIC_MASKS = Set.of("arn:<partition>:sns:<region>:111111111111:<resource:1>", "topic-arn");
    private static final Set<String> TABLE_MASKS = Set.of("<test-table>", "table-name");
    private static final Set<String> BUCKET_MASKS = Set.of("bucket-name", "bucket_name", "someNonexistentBucketName");
    /** A bucket whose name the expected output shows (a ResultWriter's): made under that very name. */
    private static final String RESULT_BUCKET = "result-bucket";

    private final SqsClient sqs;
    private final S3Client s3;
    private final DynamoDbClient dynamoDb;
    private final SnsStandIn sns;
    /** test-fixtures/conformance/item-reader-objects.json, once read. */
    private JsonNode itemReaderObjects;

    CaseResources(SqsClient sqs, S3Client s3, DynamoDbClient dynamoDb, SnsStandIn sns) {
        this.sqs = sqs;
        this.s3 = s3;
        this.dynamoDb = dynamoDb;
        this.sns = sns;
    }

    /**
     * What was made for one case.
     *
     * @param queueUrl the case's queue, or null when it needs none
     * @param topicArn the case's topic (created or, on purpose, not), or null
     */
    record Made(String queueUrl, String topicArn, Map<String, String> names) {
        /** A copy of a definition or input with the masked names replaced and the rest unmasked. */
        JsonNode apply(JsonNode value) {
            return RecordedResources.unmaskedEverywhere(replaced(value));
        }

        private JsonNode replaced(JsonNode value) {
            if (value.isTextual()) {
                return TextNode.valueOf(names.getOrDefault(value.textValue(), value.textValue()));
            }
            JsonNode copy = value.deepCopy();
            if (copy.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    ((ObjectNode) copy).set(field.getKey(), replaced(field.getValue()));
                }
            } else if (copy.isArray()) {
                for (int i = 0; i < copy.size(); i++) {
                    ((ArrayNode) copy).set(i, replaced(value.get(i)));
                }
            }
            return copy;
        }
    }

    /** Makes what the case needs, named after {@code id} (unique per case). */
    Made makeFor(ConformanceCase c, String id) {
        List<String> services = new ArrayList<>();
        c.root().path("needsServices").forEach(service -> services.add(service.asText()));
        String test = c.root().path("source").asText();
        Map<String, String> names = new HashMap<>();
        String queueUrl = null;
        String topicArn = null;
        if (services.contains("sqs")) {
            queueUrl = sqs.createQueue(b -> b.queueName(id)).queueUrl();
            for (String mask : QUEUE_MASKS) {
                names.put(mask, queueUrl);
            }
            names.put("<no_such_sqs_queue_url>", NO_SUCH_QUEUE_URL);
        }
        if (services.contains("sns")) {
            // FIFO topics are named *.fifo; the error case publishes to a topic that was never created.
            String name = test.contains("fifo") ? id + ".fifo" : id;
            topicArn = test.contains("error_topic_arn") ? "arn:aws:sns:us-east-1:111111111111:" + name : sns.createTopic(name);
            for (String mask : TOPIC_MASKS) {
                names.put(mask, topicArn);
            }
        }
        if (services.contains("dynamodb")) {
            if (!test.contains("no_such_table")) {
                createTable(id, c.input());
            }
            for (String mask : TABLE_MASKS) {
                names.put(mask, id);
            }
        }
        if (services.contains("s3")) {
            if (!test.contains("no_such_bucket")) {
                s3.createBucket(b -> b.bucket(id));
                putObjectItReads(c, id);
                putObjectsItsItemReaderReads(c, id);
            }
            for (String mask : BUCKET_MASKS) {
                names.put(mask, id);
            }
            if (Json.write(c.definition()).contains(RESULT_BUCKET) && !s3.listBuckets().buckets().stream()
                    .anyMatch(bucket -> bucket.name().equals(RESULT_BUCKET))) {
                s3.createBucket(b -> b.bucket(RESULT_BUCKET));
            }
        }
        return new Made(queueUrl, topicArn, names);
    }

    /**
     * The objects an ItemReader case reads, which its recording does not hold: named in
     * {@code test-fixtures/conformance/item-reader-objects.json}, made from the items its expected
     * output shows and its test's setup.
     */
    private void putObjectsItsItemReaderReads(ConformanceCase c, String bucket) {
        JsonNode objects = itemReaderObjects().path("cases").path(c.name());
        objects.fields().forEachRemaining(object -> {
            String content = itemReaderObjects().path("contents").path(object.getValue().asText()).asText();
            s3.putObject(b -> b.bucket(bucket).key(object.getKey()), RequestBody.fromString(content));
        });
    }

    private JsonNode itemReaderObjects() {
        if (itemReaderObjects == null) {
            try {
                itemReaderObjects = Json.parse(Files.readString(ConformanceCase.fixtures()
                        .resolve("conformance/item-reader-objects.json")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return itemReaderObjects;
    }

    /** A table keyed by the attributes of the input's Key (their types as given), else by a string id. */
    private void createTable(String name, JsonNode input) {
        List<KeySchemaElement> keys = new ArrayList<>();
        List<AttributeDefinition> attributes = new ArrayList<>();
        JsonNode key = input.path("Key");
        if (key.isObject() && !key.isEmpty()) {
            key.fields().forEachRemaining(field -> {
                keys.add(KeySchemaElement.builder().attributeName(field.getKey())
                        .keyType(keys.isEmpty() ? KeyType.HASH : KeyType.RANGE).build());
                attributes.add(AttributeDefinition.builder().attributeName(field.getKey())
                        .attributeType(field.getValue().fieldNames().next()).build());
            });
        } else {
            keys.add(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build());
            attributes.add(AttributeDefinition.builder().attributeName("id").attributeType("S").build());
        }
        dynamoDb.createTable(b -> b.tableName(name).keySchema(keys).attributeDefinitions(attributes)
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    /** The object a getObject case reads: its key from the input, its body and content type from the expected output. */
    private void putObjectItReads(ConformanceCase c, String bucket) {
        JsonNode expected = c.expected().path("output");
        if (!expected.path("Body").isTextual() || !c.input().path("Key").isTextual()) {
            return;
        }
        s3.putObject(b -> b.bucket(bucket).key(c.input().get("Key").textValue())
                        .contentType(expected.path("ContentType").asText("binary/octet-stream")),
                RequestBody.fromString(expected.get("Body").textValue()));
    }
}
