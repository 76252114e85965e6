package dev.statewright.interpreter.engine;

import dev.statewright.interpreter.Timestamps;
import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.WaitState;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.function.Supplier;

/** When a Wait state ends, from whichever of its four fields it has, with AWS's errors. */
final class WaitDeadline {
    /** AWS refuses waits longer than a signed 32-bit count of seconds. */
    private static final long LONGEST_WAIT_SECONDS = Integer.MAX_VALUE;

    private WaitDeadline() {
    }

    static Instant of(WaitState wait, JsonNode input, Supplier<JsonNode> context, Instant now) {
        Instant due;
        if (wait.seconds() != null) {
            due = after(now, wait.seconds());
        } else if (wait.secondsPath() != null) {
            due = after(now, secondsAt(wait.secondsPath(), input, context));
        } else if (wait.timestamp() != null) {
            due = timestamp(wait.timestamp(), "Timestamp", wait.timestamp());
        } else if (wait.timestampPath() != null) {
            String path = wait.timestampPath();
            JsonNode value = DataFlowProcessor.require(path, input, context,
                    "The TimestampPath parameter does not reference an input value: " + path);
            due = timestamp(value.isTextual() ? value.textValue() : Json.write(value), "TimestampPath", path);
        } else {
            throw new StatesException(StatesErrors.RUNTIME, "A Wait state needs Seconds, SecondsPath, Timestamp or TimestampPath");
        }
        if (Duration.between(now, due).getSeconds() > LONGEST_WAIT_SECONDS) {
            throw new StatesException(StatesErrors.RUNTIME, "Wait state delay is too long.");
        }
        return due;
    }

    /** Checked before adding, so an absurd wait fails as too long rather than overflowing the clock. */
    private static Instant after(Instant now, long seconds) {
        if (seconds > LONGEST_WAIT_SECONDS) {
            throw new StatesException(StatesErrors.RUNTIME, "Wait state delay is too long.");
        }
        return now.plusSeconds(seconds);
    }

    private static long secondsAt(String path, JsonNode input, Supplier<JsonNode> context) {
        JsonNode value = DataFlowProcessor.require(path, input, context,
                "The SecondsPath parameter does not reference an input value: " + path);
        String shown = value.isTextual() ? value.textValue() : Json.write(value);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new StatesException(StatesErrors.RUNTIME,
                    "The SecondsPath parameter cannot be parsed as a long value: " + path + " == " + shown);
        }
        if (value.longValue() < 0) {
            throw new StatesException(StatesErrors.RUNTIME,
                    "The SecondsPath parameter references a negative value: " + path + " == " + shown);
        }
        return value.longValue();
    }

    private static Instant timestamp(String text, String field, String shownPath) {
        OffsetDateTime parsed = Timestamps.parse(text);
        if (parsed == null) {
            throw new StatesException(StatesErrors.RUNTIME, "The " + field
                    + " parameter does not reference a valid ISO-8601 extended offset date-time format string: "
                    + shownPath + " == " + text);
        }
        return parsed.toInstant();
    }
}
