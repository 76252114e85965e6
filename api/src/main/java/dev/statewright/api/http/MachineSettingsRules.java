package dev.statewright.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.service.ServiceException;
import dev.statewright.api.store.MachineSettings;
import dev.statewright.interpreter.json.Json;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A state machine's loggingConfiguration, tracingConfiguration and encryptionConfiguration, as
 * CreateStateMachine and UpdateStateMachine take them and DescribeStateMachine gives them back.
 *
 * <p>In: a member of the wrong JSON type is a SerializationException, a value outside the model's
 * constraints (enums, lengths, the reuse period's 60..900) a ValidationException naming its path,
 * and what AWS's own rules refuse is InvalidLoggingConfiguration (a level other than OFF without
 * exactly one destination, more than one destination, a log group ARN without its ":*") or
 * InvalidEncryptionConfiguration (a customer managed key without its id). What is kept is the
 * members AWS knows, as given. Nothing is logged, traced or encrypted here: the settings are kept
 * and described, so tools that set them work unchanged.
 *
 * <p>Out: AWS's defaults for what was never set: logging {level OFF, includeExecutionData false},
 * tracing {enabled false}, and no encryptionConfiguration at all, as AWS answers for a machine
 * created without one.
 */
final class MachineSettingsRules {
    static final String LOGGING = "loggingConfiguration";
    static final String TRACING = "tracingConfiguration";
    static final String ENCRYPTION = "encryptionConfiguration";

    private static final List<String> LOG_LEVELS = List.of("ALL", "ERROR", "FATAL", "OFF");
    private static final List<String> ENCRYPTION_TYPES = List.of("AWS_OWNED_KEY", "CUSTOMER_MANAGED_KMS_KEY");
    private static final String CUSTOMER_MANAGED = "CUSTOMER_MANAGED_KMS_KEY";
    /** A CloudWatch Logs log group's ARN, in any partition, with or without the ":*" AWS requires. */
    private static final Pattern LOG_GROUP = Pattern.compile("arn:aws[a-zA-Z-]*:logs:[a-z0-9-]+:\\d{12}:log-group:[^:]+(:\\*)?");
    private static final int MAX_KMS_KEY_ID = 2048;
    private static final int MIN_REUSE_SECONDS = 60;
    private static final int MAX_REUSE_SECONDS = 900;

    private MachineSettingsRules() {
    }

    /** The three settings of a request, each checked as AWS checks it; null where the request has none. */
    static MachineSettings parse(RequestFields request) {
        return new MachineSettings(logging(request.object(LOGGING)), tracing(request.object(TRACING)),
                encryption(request.object(ENCRYPTION)));
    }

    /** Adds the three settings to a DescribeStateMachine(ForExecution) answer, with AWS's defaults. */
    static ObjectNode describe(ObjectNode answer, MachineSettings settings) {
        ObjectNode logging = Json.object().put("level", "OFF").put("includeExecutionData", false);
        if (settings.loggingConfiguration() != null) {
            logging.setAll((ObjectNode) Json.parse(settings.loggingConfiguration()));
        }
        answer.set(LOGGING, logging);
        ObjectNode tracing = Json.object().put("enabled", false);
        if (settings.tracingConfiguration() != null) {
            tracing.setAll((ObjectNode) Json.parse(settings.tracingConfiguration()));
        }
        answer.set(TRACING, tracing);
        if (settings.encryptionConfiguration() != null) {
            answer.set(ENCRYPTION, Json.parse(settings.encryptionConfiguration()));
        } else {
            answer.remove(ENCRYPTION);
        }
        return answer;
    }

    private static String logging(JsonNode given) {
        if (given == null) {
            return null;
        }
        ObjectNode kept = Json.object();
        String level = enumMember(given, LOGGING, "level", LOG_LEVELS);
        if (level != null) {
            kept.put("level", level);
        }
        JsonNode include = given.get("includeExecutionData");
        if (include != null && !include.isNull()) {
            if (!include.isBoolean()) {
                throw RequestFields.wrongType(LOGGING + ".includeExecutionData", "a boolean");
            }
            kept.put("includeExecutionData", include.booleanValue());
        }
        JsonNode destinations = given.get("destinations");
        int count = 0;
        if (destinations != null && !destinations.isNull()) {
            if (!destinations.isArray()) {
                throw RequestFields.wrongType(LOGGING + ".destinations", "a list of log destinations");
            }
            ArrayNode keptDestinations = kept.putArray("destinations");
            for (JsonNode destination : destinations) {
                keptDestinations.add(destination(destination, LOGGING + ".destinations." + ++count + ".member"));
            }
        }
        // AWS's rules, in AWS's words: one destination at most, and exactly one unless logging is off.
        if (count > 1 || (count == 0 && level != null && !level.equals("OFF"))) {
            throw invalidLogging("Must specify exactly one Log Destination.");
        }
        return Json.write(kept);
    }

    private static ObjectNode destination(JsonNode destination, String path) {
        if (!destination.isObject()) {
            throw RequestFields.wrongType(path, "a log destination");
        }
        JsonNode group = destination.get("cloudWatchLogsLogGroup");
        if (group == null || group.isNull()) {
            throw invalidLogging("Must specify exactly one Log Destination.");
        }
        if (!group.isObject()) {
            throw RequestFields.wrongType(path + ".cloudWatchLogsLogGroup", "a structure");
        }
        String arnPath = path + ".cloudWatchLogsLogGroup.logGroupArn";
        JsonNode arnNode = group.get("logGroupArn");
        if (arnNode == null || arnNode.isNull()) {
            throw invalidLogging("Must specify exactly one Log Destination.");
        }
        if (!arnNode.isTextual()) {
            throw RequestFields.wrongType(arnPath, "a string");
        }
        String arn = MemberConstraints.lengthWithin(arnPath, arnNode.textValue(), false, 1, RequestFields.MAX_ARN);
        if (!LOG_GROUP.matcher(arn).matches()) {
            throw invalidLogging("'" + arn + "' is not the ARN of a CloudWatch Logs log group"
                    + " (arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*).");
        }
        if (!arn.endsWith(":*")) {
            throw invalidLogging("Log Group ARN must be provided with '*' qualifier.");
        }
        ObjectNode kept = Json.object();
        kept.putObject("cloudWatchLogsLogGroup").put("logGroupArn", arn);
        return kept;
    }

    private static String tracing(JsonNode given) {
        if (given == null) {
            return null;
        }
        ObjectNode kept = Json.object();
        JsonNode enabled = given.get("enabled");
        if (enabled != null && !enabled.isNull()) {
            if (!enabled.isBoolean()) {
                throw RequestFields.wrongType(TRACING + ".enabled", "a boolean");
            }
            kept.put("enabled", enabled.booleanValue());
        }
        return Json.write(kept);
    }

    private static String encryption(JsonNode given) {
        if (given == null) {
            return null;
        }
        String type = enumMember(given, ENCRYPTION, "type", ENCRYPTION_TYPES);
        if (type == null) {
            throw MemberConstraints.missing(ENCRYPTION + ".type");
        }
        ObjectNode kept = Json.object().put("type", type);
        JsonNode keyNode = given.get("kmsKeyId");
        String keyId = null;
        if (keyNode != null && !keyNode.isNull()) {
            if (!keyNode.isTextual()) {
                throw RequestFields.wrongType(ENCRYPTION + ".kmsKeyId", "a string");
            }
            keyId = MemberConstraints.lengthWithin(ENCRYPTION + ".kmsKeyId", keyNode.textValue(), false, 1, MAX_KMS_KEY_ID);
            kept.put("kmsKeyId", keyId);
        }
        JsonNode reuse = given.get("kmsDataKeyReusePeriodSeconds");
        if (reuse != null && !reuse.isNull()) {
            String path = ENCRYPTION + ".kmsDataKeyReusePeriodSeconds";
            if (!reuse.isIntegralNumber() || !reuse.canConvertToLong()) {
                throw RequestFields.wrongType(path, "an integer");
            }
            long seconds = reuse.longValue();
            if (seconds > MAX_REUSE_SECONDS) {
                throw MemberConstraints.tooLarge(path, seconds, MAX_REUSE_SECONDS);
            }
            if (seconds < MIN_REUSE_SECONDS) {
                throw MemberConstraints.tooSmall(path, seconds, MIN_REUSE_SECONDS);
            }
            kept.put("kmsDataKeyReusePeriodSeconds", (int) seconds);
        }
        if (type.equals(CUSTOMER_MANAGED) && keyId == null) {
            throw invalidEncryption("a kmsKeyId is required when type is CUSTOMER_MANAGED_KMS_KEY.");
        }
        if (!type.equals(CUSTOMER_MANAGED) && (keyId != null || kept.has("kmsDataKeyReusePeriodSeconds"))) {
            throw invalidEncryption("kmsKeyId and kmsDataKeyReusePeriodSeconds apply only to type CUSTOMER_MANAGED_KMS_KEY.");
        }
        return Json.write(kept);
    }

    /** A string member that must be one of the model's values, or null when absent. */
    private static String enumMember(JsonNode structure, String structureName, String member, List<String> values) {
        JsonNode value = structure.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        String path = structureName + "." + member;
        if (!value.isTextual()) {
            throw RequestFields.wrongType(path, "a string");
        }
        if (!values.contains(value.textValue())) {
            throw MemberConstraints.notInEnum(path, value.textValue(), values);
        }
        return value.textValue();
    }

    private static ServiceException invalidLogging(String reason) {
        return new ServiceException("InvalidLoggingConfiguration", "Invalid Logging Configuration: " + reason);
    }

    private static ServiceException invalidEncryption(String reason) {
        return new ServiceException("InvalidEncryptionConfiguration", "Invalid Encryption Configuration: " + reason);
    }
}
