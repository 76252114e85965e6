package dev.statewright.api.deploy;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.TestAbortedException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Tests listed in {@code deploy/known-failures.txt} ({@code Class#method: why}) are expected to
 * fail until what they need is in the service: such a test that fails is reported as skipped with
 * the reason, and one that passes fails, so the list never outlives the gap it names.
 */
final class KnownFailures implements InvocationInterceptor {
    private static final String LIST = "/deploy/known-failures.txt";
    private static final Map<String, String> REASONS = load();

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
                                    ExtensionContext extension) throws Throwable {
        String key = context.getTargetClass().getSimpleName() + "#" + context.getExecutable().getName();
        String reason = REASONS.get(key);
        if (reason == null) {
            invocation.proceed();
            return;
        }
        try {
            invocation.proceed();
        } catch (Throwable expected) {
            throw new TestAbortedException("known failure (" + LIST + "): " + reason + "; failed with: " + expected);
        }
        throw new AssertionError(key + " passes but is listed in " + LIST + " as a known failure: take it off the list");
    }

    private static Map<String, String> load() {
        Map<String, String> reasons = new HashMap<>();
        try (InputStream in = KnownFailures.class.getResourceAsStream(LIST)) {
            if (in == null) {
                return reasons;
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                int colon = trimmed.indexOf(':');
                if (colon < 0) {
                    throw new IllegalStateException(LIST + ": a line must read 'Class#method: why': " + trimmed);
                }
                reasons.put(trimmed.substring(0, colon).strip(), trimmed.substring(colon + 1).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + LIST, e);
        }
        return reasons;
    }
}
