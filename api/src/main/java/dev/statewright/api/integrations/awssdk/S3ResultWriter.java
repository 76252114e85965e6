package dev.statewright.api.integrations.awssdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.ResultWrite;
import dev.statewright.interpreter.engine.ResultWriterRequest;
import dev.statewright.interpreter.engine.TaskHandler;
import dev.statewright.interpreter.engine.TaskRequest;
import dev.statewright.interpreter.json.Json;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Writes a Distributed Map's results to S3 for a ResultWriter whose Resource is
 * {@code arn:aws:states:::s3:putObject}, where AWS writes them: under
 * {@code PREFIX/MAPRUNID/} (MAPRUNID the Map Run ARN's last part), a file per batch of results of
 * one status ({@code SUCCEEDED_0.json}, {@code FAILED_0.json}, {@code PENDING_0.json}: a JSON array,
 * or a JSON value a line for OutputType JSONL), then {@code manifest.json}, which lists them with
 * their sizes. The engine asks for each as a task request ({@link ResultWrite}); every failure is
 * States.ResultWriterFailed, its cause S3's words.
 *
 * <p>The same Resource is Step Functions' optimized s3:putObject task, which this does not do: a
 * request is a ResultWriter's only when its input is a {@link ResultWrite}'s ({@link #handles}).
 */
public final class S3ResultWriter implements TaskHandler {
    public static final String PUT_OBJECT = "arn:aws:states:::s3:putObject";
    private static final List<String> STATUSES = List.of("FAILED", "PENDING", "SUCCEEDED");

    private final AwsSdkTaskHandler sdk;

    public S3ResultWriter(AwsSdkTaskHandler sdk) {
        this.sdk = sdk;
    }

    /** Whether a request is a ResultWriter's write: the putObject resource, and a Map Run's part or manifest as input. */
    public static boolean handles(TaskRequest request) {
        JsonNode input = request.input();
        return request.resource().equals(PUT_OBJECT) && input != null && input.path("MapRunArn").isTextual()
                && (input.path("Part").isObject() || input.path("Manifest").isObject());
    }

    @Override
    public CompletionStage<JsonNode> invoke(TaskRequest request) {
        ResultWrite write = ResultWrite.of(request);
        return sdk.withClient("s3", request.stateName(), client -> write((S3Client) client, write))
                .handle((answer, failure) -> {
                    if (failure != null) {
                        throw writeFailure(failure instanceof CompletionException ? failure.getCause() : failure);
                    }
                    return answer;
                });
    }

    private static JsonNode write(S3Client s3, ResultWrite write) {
        ResultWriterRequest writer = write.writer();
        String bucket = writer.bucket();
        String folder = folder(writer.prefix(), write.mapRunArn());
        if (write instanceof ResultWrite.Part part) {
            String key = folder + part.status() + "_" + part.number() + ".json";
            byte[] body = writer.outputType() == ResultWriterRequest.OutputType.JSONL
                    ? jsonLines(part.results()) : Json.write(part.results()).getBytes(StandardCharsets.UTF_8);
            put(s3, bucket, key, body);
            return Json.object().put("Key", key).put("Size", body.length);
        }
        ResultWrite.Manifest manifest = (ResultWrite.Manifest) write;
        String key = folder + "manifest.json";
        ObjectNode content = Json.object();
        content.put("DestinationBucket", bucket);
        content.put("MapRunArn", write.mapRunArn());
        ObjectNode files = content.putObject("ResultFiles");
        for (String status : STATUSES) { // every status is listed, an empty one too
            JsonNode written = manifest.files().get(status);
            files.set(status, written instanceof ArrayNode list ? list : Json.NODES.arrayNode());
        }
        put(s3, bucket, key, Json.write(content).getBytes(StandardCharsets.UTF_8));
        return Json.object().put("Bucket", bucket).put("Key", key);
    }

    /**
     * {@code PREFIX/MAPRUNID/}: the Prefix with one slash after it (none where it is empty), and
     * the Map Run ARN's last part ({@code ...:mapRun:machine/label:ID}).
     */
    static String folder(String prefix, String mapRunArn) {
        String id = mapRunArn.substring(mapRunArn.lastIndexOf(':') + 1);
        if (id.isEmpty()) {
            throw new StatesException(StatesErrors.RESULT_WRITER_FAILED, "The Map Run ARN '" + mapRunArn
                    + "' has no id to name the results' folder after");
        }
        return prefix.isEmpty() ? id + "/" : prefix.endsWith("/") ? prefix + id + "/" : prefix + "/" + id + "/";
    }

    private static byte[] jsonLines(ArrayNode results) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (JsonNode result : results) {
            lines.writeBytes(Json.write(result).getBytes(StandardCharsets.UTF_8));
            lines.write('\n');
        }
        return lines.toByteArray();
    }

    private static void put(S3Client s3, String bucket, String key, byte[] body) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(body));
    }

    private static RuntimeException writeFailure(Throwable failure) {
        if (failure instanceof StatesException states) { // S3 without an endpoint, say: the writer failed all the same
            return states.error().equals(StatesErrors.RESULT_WRITER_FAILED) ? states
                    : new StatesException(StatesErrors.RESULT_WRITER_FAILED, states.cause());
        }
        if (failure instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorMessage() != null) {
            return new StatesException(StatesErrors.RESULT_WRITER_FAILED, service.awsErrorDetails().errorMessage()
                    + " (Service: S3, Status Code: " + service.statusCode() + ", Error Code: "
                    + service.awsErrorDetails().errorCode() + ")");
        }
        if (failure instanceof SdkException sdkError) {
            return new StatesException(StatesErrors.RESULT_WRITER_FAILED, sdkError.getMessage());
        }
        return new StatesException(StatesErrors.RESULT_WRITER_FAILED, String.valueOf(failure));
    }
}
