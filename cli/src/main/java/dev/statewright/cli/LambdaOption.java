package dev.statewright.cli;

import picocli.CommandLine.Option;

import java.net.URI;

/** {@code --lambda-endpoint}, shared by the commands that run executions; else the LAMBDA_ENDPOINT variable. */
final class LambdaOption {
    @Option(names = "--lambda-endpoint", paramLabel = "URL",
            description = "Where Lambda Task states go, through the Lambda Invoke API (default: the LAMBDA_ENDPOINT variable).")
    URI endpoint;

    /** The option if given, else the variable, else none. */
    URI resolve() {
        if (endpoint != null) {
            return endpoint;
        }
        String variable = System.getenv("LAMBDA_ENDPOINT");
        return variable == null || variable.isBlank() ? null : URI.create(variable.trim());
    }
}
