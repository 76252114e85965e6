package dev.statewright.interpreter.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checked-in list of cases that cannot pass yet: one case a line, {@code name  # reason}.
 * A line without a reason is refused, so no case is skipped silently.
 */
public final class KnownFailures {
    private KnownFailures() {
    }

    public static Map<String, String> load(Path file) throws IOException {
        Map<String, String> failures = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return failures;
        }
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int hash = trimmed.indexOf('#');
            if (hash < 0 || trimmed.substring(hash + 1).isBlank()) {
                throw new IllegalStateException("A known failure needs a reason after '#': " + line);
            }
            failures.put(trimmed.substring(0, hash).strip(), trimmed.substring(hash + 1).strip());
        }
        return failures;
    }
}
