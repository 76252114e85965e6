package dev.statewright.api.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.CompletionFailures;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.TaskHandler;
import dev.statewright.interpreter.engine.TaskRequest;
import dev.statewright.interpreter.json.Json;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The HTTP Task, {@code arn:aws:states:::http:invoke}: ApiEndpoint, Method, Headers,
 * QueryParameters, RequestBody and Transform (URL-encoded bodies) in; Headers, ResponseBody,
 * StatusCode and StatusText out. An answer outside 2xx fails with
 * {@code States.Http.StatusCode.NNN}. Plain http is allowed, for local endpoints.
 */
final class HttpTaskHandler implements TaskHandler {
    static final String RESOURCE = "arn:aws:states:::http:invoke";
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

    private final TaskHosts hosts;
    private final HttpClient http;

    HttpTaskHandler() {
        this(TaskHosts.any());
    }

    /** @param hosts the hosts it may call; when limited, a redirect is answered as it is, not followed elsewhere */
    HttpTaskHandler(TaskHosts hosts) {
        this.hosts = hosts;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(hosts.limited() ? HttpClient.Redirect.NEVER : HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public CompletionStage<JsonNode> invoke(TaskRequest request) {
        JsonNode input = request.input();
        String endpoint = input.path("ApiEndpoint").asText(null);
        String method = input.path("Method").asText("").toUpperCase();
        if (endpoint == null || !METHODS.contains(method)) {
            return CompletableFuture.failedFuture(new StatesException(StatesErrors.RUNTIME,
                    "The HTTP Task needs ApiEndpoint and a Method (one of " + METHODS + ")"));
        }
        HttpRequest built;
        try {
            built = request(endpoint, method, input);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new StatesException(StatesErrors.RUNTIME,
                    "The HTTP Task's ApiEndpoint is not a URL: " + endpoint));
        }
        String refused = hosts.refusal(built.uri());
        if (refused != null) {
            return CompletableFuture.failedFuture(new StatesException(StatesErrors.TASK_FAILED, refused));
        }
        return http.sendAsync(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = CompletionFailures.unwrap(failure);
                        throw new StatesException("States.Http.Socket", "Could not reach " + endpoint + ": " + cause);
                    }
                    ObjectNode result = result(response);
                    if (response.statusCode() / 100 != 2) {
                        throw new StatesException("States.Http.StatusCode." + response.statusCode(), Json.write(result));
                    }
                    return result;
                });
    }

    private static HttpRequest request(String endpoint, String method, JsonNode input) {
        StringJoiner query = new StringJoiner("&");
        input.path("QueryParameters").fields().forEachRemaining(parameter -> {
            JsonNode value = parameter.getValue();
            for (JsonNode item : value.isArray() ? value : Json.NODES.arrayNode().add(value)) {
                query.add(encode(parameter.getKey()) + "=" + encode(item.isTextual() ? item.textValue() : Json.write(item)));
            }
        });
        String uri = query.length() == 0 ? endpoint : endpoint + (endpoint.contains("?") ? "&" : "?") + query;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(60));
        Iterator<Map.Entry<String, JsonNode>> headers = input.path("Headers").fields();
        boolean contentType = false;
        while (headers.hasNext()) {
            Map.Entry<String, JsonNode> header = headers.next();
            builder.header(header.getKey(), header.getValue().asText());
            contentType |= header.getKey().equalsIgnoreCase("Content-Type");
        }
        JsonNode body = input.get("RequestBody");
        String text = null;
        if (body != null && !body.isNull()) {
            boolean urlEncoded = "URL_ENCODED".equals(input.path("Transform").path("RequestBodyEncoding").asText());
            text = urlEncoded ? urlEncoded(body) : body.isTextual() ? body.textValue() : Json.write(body);
            if (!contentType) {
                builder.header("Content-Type", urlEncoded ? "application/x-www-form-urlencoded" : "application/json");
            }
        }
        return builder.method(method, text == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)).build();
    }

    private static String urlEncoded(JsonNode body) {
        StringJoiner form = new StringJoiner("&");
        body.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isArray()) {
                for (JsonNode item : value) {
                    form.add(encode(field.getKey()) + "=" + encode(item.asText()));
                }
            } else {
                form.add(encode(field.getKey()) + "=" + encode(value.isTextual() ? value.textValue() : Json.write(value)));
            }
        });
        return form.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static ObjectNode result(HttpResponse<String> response) {
        ObjectNode result = Json.object();
        ObjectNode headers = result.putObject("Headers");
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                List<String> list = values;
                list.forEach(headers.withArray(name)::add);
            }
        });
        String body = response.body();
        JsonNode parsed;
        try {
            parsed = body == null || body.isBlank() ? Json.NODES.textNode("") : Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            parsed = Json.NODES.textNode(body);
        }
        result.set("ResponseBody", parsed);
        result.put("StatusCode", String.valueOf(response.statusCode()));
        result.put("StatusText", statusText(response.statusCode()));
        return result;
    }

    private static String statusText(int status) {
        switch (status) {
            case 200: return "OK";
            case 201: return "Created";
            case 202: return "Accepted";
            case 204: return "No Content";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 409: return "Conflict";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            default: return "";
        }
    }
}
