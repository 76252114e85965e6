package dev.statewright.api.auth;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request as it arrived, with its whole body: what a signature is checked against.
 *
 * @param scheme   http or https, as the listener received it
 * @param rawPath  the path as sent, still percent-encoded
 * @param rawQuery the query string as sent, or empty
 * @param headers  by name, case-insensitively, each with its values in order
 */
public record ReceivedRequest(String method, String scheme, String rawPath, String rawQuery,
                              Map<String, List<String>> headers, byte[] body) {
    public ReceivedRequest {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = java.util.Collections.unmodifiableMap(copy);
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
