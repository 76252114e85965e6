package dev.statewright.api.executionlogs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.json.Json;

/**
 * A state machine's loggingConfiguration as the service reads it: the level, whether inputs and
 * outputs are written, and the log group (its name picks the file under {@code --log-dir}).
 */
record LoggingSettings(LogLevel level, boolean includeExecutionData, String logGroupName) {
    static final LoggingSettings OFF = new LoggingSettings(LogLevel.OFF, false, null);

    /** The stored JSON text of a loggingConfiguration (null: never set, AWS's default, OFF). */
    static LoggingSettings parse(String json) {
        if (json == null) {
            return OFF;
        }
        JsonNode config = Json.parse(json);
        LogLevel level = LogLevel.valueOf(config.path("level").asText("OFF"));
        String arn = config.path("destinations").path(0).path("cloudWatchLogsLogGroup").path("logGroupArn").asText(null);
        return new LoggingSettings(level, config.path("includeExecutionData").asBoolean(false), groupName(arn));
    }

    /** {@code arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*} to NAME. */
    static String groupName(String logGroupArn) {
        if (logGroupArn == null) {
            return "statewright";
        }
        int start = logGroupArn.indexOf(":log-group:");
        String name = start < 0 ? logGroupArn : logGroupArn.substring(start + ":log-group:".length());
        return name.endsWith(":*") ? name.substring(0, name.length() - 2) : name;
    }

    /** The file of a log group: its name with every character unsafe in a file name made '_' (/aws/x to aws_x.log). */
    static String fileName(String logGroupName) {
        String trimmed = logGroupName.startsWith("/") ? logGroupName.substring(1) : logGroupName;
        return trimmed.replaceAll("[^A-Za-z0-9._-]", "_") + ".log";
    }
}
