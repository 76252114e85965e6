package dev.statewright.api.integrations.awssdk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.core.SdkResponse;

import java.util.List;
import java.util.Map;

/**
 * What an action answered: its response as JSON (Step Functions' PascalCase), and the HTTP
 * answer it came in (the optimized integrations show its status and headers, as AWS does).
 *
 * @param requestId the service's id of the request, or null
 */
public record SdkResult(ObjectNode body, int statusCode, Map<String, List<String>> headers, String requestId) {
    public SdkResult {
        headers = Map.copyOf(headers);
    }

    static SdkResult of(ObjectNode body, SdkResponse response) {
        var http = response.sdkHttpResponse();
        String requestId = response instanceof AwsResponse aws ? aws.responseMetadata().requestId() : null;
        return new SdkResult(body, http.statusCode(), http.headers(), requestId);
    }
}
