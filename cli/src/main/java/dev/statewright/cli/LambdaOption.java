package dev.statewright.cli;

import java.net.URI;

/** The Lambda endpoint: the option if given, else the LAMBDA_ENDPOINT variable, else none. */
final class LambdaOption {
    private LambdaOption() {
    }

    static URI resolve(URI option) {
        if (option != null) {
            return option;
        }
        String variable = System.getenv("LAMBDA_ENDPOINT");
        return variable == null || variable.isBlank() ? null : URI.create(variable.trim());
    }
}
