package dev.statewright.cli;

import picocli.CommandLine.Option;

import java.net.URI;
import java.net.URISyntaxException;

/** {@code --lambda-endpoint}, shared by the commands that run executions; else the LAMBDA_ENDPOINT variable. */
final class LambdaOption {
    @Option(names = "--lambda-endpoint", paramLabel = "URL",
            description = "Where Lambda Task states go, through the Lambda Invoke API, e.g. http://127.0.0.1:3001"
                    + " (default: the LAMBDA_ENDPOINT variable).")
    String endpoint;

    /**
     * The option if given, else the variable, else none.
     *
     * @throws IllegalArgumentException for a URL without http:// or https:// and a host, refused before
     *                                  anything runs rather than failing every Lambda call later
     */
    URI resolve() {
        if (endpoint != null) {
            return checked(endpoint, "--lambda-endpoint");
        }
        String variable = System.getenv("LAMBDA_ENDPOINT");
        return variable == null || variable.isBlank() ? null : checked(variable.trim(), "LAMBDA_ENDPOINT");
    }

    private static URI checked(String text, String where) {
        if (!text.contains("://")) {
            throw new IllegalArgumentException(where + " '" + text + "' needs a scheme and a host, such as http://" + text);
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(where + " '" + text + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(where + " '" + text + "' needs the scheme http or https and a host,"
                    + " such as http://127.0.0.1:3001");
        }
        return uri;
    }
}
