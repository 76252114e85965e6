package dev.statewright.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.conformance.ConformanceCase;
import dev.statewright.interpreter.conformance.KnownFailures;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refusal of a malformed or unsupported request, at the wire, against AWS's exception type
 * and message. A row's message is AWS's, recorded from AWS or taken from the service's model
 * (members, lengths, ranges, enums) where a recording names the same rule for another member;
 * a row whose wording is our own, because AWS's is not known, names its reason in
 * test-fixtures/aws-api-known-differences.txt. {MACHINE}, {EXPRESS_MACHINE}, {EXECUTION},
 * {EXPRESS_EXECUTION} and {ACTIVITY} stand for resources made before the rows run.
 */
class AwsRequestValidationTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/r";
    private static final String PREFIX = "arn:aws:states:us-east-1:123456789012:";
    private static final String PASS = "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}";
    private static final String WAIT = "{\"StartAt\": \"W\", \"States\": {\"W\": {\"Type\": \"Wait\", \"Seconds\": 3600, \"End\": true}}}";
    private static final String ONE_DESTINATION = "\"destinations\": [{\"cloudWatchLogsLogGroup\": "
            + "{\"logGroupArn\": \"arn:aws:logs:us-east-1:123456789012:log-group:g:*\"}}]";

    private static StatewrightService service;
    private static final Map<String, String> names = new LinkedHashMap<>();

    /**
     * A request and the error AWS answers it with; {@code difference} names the line of the
     * known-differences list that says why the message is ours, or is null when it is AWS's.
     */
    record Row(String operation, String body, String type, String message, String difference) {
        Row(String operation, String body, String type, String message) {
            this(operation, body, type, message, null);
        }

        @Override
        public String toString() {
            return operation + " " + (body.length() > 120 ? body.substring(0, 120) + "..." : body) + " -> " + type;
        }
    }

    @BeforeAll
    static void startService() throws IOException {
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withWaitTimeScale(1), TaskHandlers.none());
        names.put("{MACHINE}", arn(call("CreateStateMachine", create("v-standard", WAIT, "STANDARD")), "stateMachineArn"));
        names.put("{EXPRESS_MACHINE}", arn(call("CreateStateMachine", create("v-express", PASS, "EXPRESS")), "stateMachineArn"));
        names.put("{EXECUTION}", arn(call("StartExecution", "{\"stateMachineArn\": \"" + names.get("{MACHINE}")
                + "\", \"name\": \"e1\"}"), "executionArn"));
        names.put("{EXPRESS_EXECUTION}", arn(call("StartExecution", "{\"stateMachineArn\": \""
                + names.get("{EXPRESS_MACHINE}") + "\"}"), "executionArn"));
        names.put("{ACTIVITY}", arn(call("CreateActivity", "{\"name\": \"v-activity\"}"), "activityArn"));
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    private static String create(String name, String definition, String type) {
        return "{\"name\": \"" + name + "\", \"roleArn\": \"" + ROLE + "\", \"type\": \"" + type + "\", \"definition\": "
                + Json.write(Json.NODES.textNode(definition)) + "}";
    }

    private static RawHttp.Response call(String operation, String body) throws IOException {
        return RawHttp.aws(service.port(), "127.0.0.1:" + service.port(), operation, body);
    }

    private static String arn(RawHttp.Response response, String member) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body()).path(member).asText();
    }

    private static String named(String text) {
        for (Map.Entry<String, String> name : names.entrySet()) {
            text = text.replace(name.getKey(), name.getValue());
        }
        return text;
    }

    static Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();
        String v = "ValidationException";
        String missing = "1 validation error detected: Value null at '%s' failed to satisfy constraint: Member must not be null";
        // Required members, each in the model's words.
        rows.add(new Row("DescribeStateMachine", "{}", v, missing.formatted("stateMachineArn")));
        rows.add(new Row("StartExecution", "{\"input\": \"{}\"}", v, missing.formatted("stateMachineArn")));
        rows.add(new Row("CreateStateMachine", "{\"definition\": \"{}\", \"roleArn\": \"" + ROLE + "\"}", v,
                missing.formatted("name")));
        rows.add(new Row("CreateStateMachine", "{\"name\": \"no-role\", \"definition\": " + Json.write(Json.NODES.textNode(PASS))
                + "}", v, missing.formatted("roleArn")));
        rows.add(new Row("TagResource", "{\"resourceArn\": \"{MACHINE}\"}", v, missing.formatted("tags")));
        rows.add(new Row("UntagResource", "{\"resourceArn\": \"{MACHINE}\"}", v, missing.formatted("tagKeys")));
        rows.add(new Row("TagResource", "{\"resourceArn\": \"{MACHINE}\", \"tags\": [{\"value\": \"v\"}]}", v,
                missing.formatted("tags.1.member.key")));
        // Ranges and lengths (AWS's recorded words for maxResults and nextToken).
        rows.add(new Row("ListStateMachines", "{\"maxResults\": 1001}", v, "1 validation error detected: Value '1001' at"
                + " 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000"));
        rows.add(new Row("ListActivities", "{\"maxResults\": -1}", v, "1 validation error detected: Value '-1' at"
                + " 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 0"));
        rows.add(new Row("GetExecutionHistory", "{\"executionArn\": \"{EXECUTION}\", \"maxResults\": 1001}", v,
                "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have"
                        + " value less than or equal to 1000"));
        String longToken = "t".repeat(1025);
        rows.add(new Row("ListStateMachines", "{\"nextToken\": \"" + longToken + "\"}", v, "1 validation error detected: Value '"
                + longToken + "' at 'nextToken' failed to satisfy constraint: Member must have length less than or equal to 1024"));
        String longerToken = "t".repeat(3097);
        rows.add(new Row("ListExecutions", "{\"stateMachineArn\": \"{MACHINE}\", \"nextToken\": \"" + longerToken + "\"}", v,
                "1 validation error detected: Value '" + longerToken + "' at 'nextToken' failed to satisfy constraint:"
                        + " Member must have length less than or equal to 3096"));
        String longArn = PREFIX + "stateMachine:" + "m".repeat(250);
        rows.add(new Row("DescribeStateMachine", "{\"stateMachineArn\": \"" + longArn + "\"}", v, "1 validation error"
                + " detected: Value '" + longArn + "' at 'stateMachineArn' failed to satisfy constraint: Member must have"
                + " length less than or equal to 256"));
        String header = "h".repeat(257);
        rows.add(new Row("StartExecution", "{\"stateMachineArn\": \"{MACHINE}\", \"traceHeader\": \"" + header + "\"}", v,
                "1 validation error detected: Value '" + header + "' at 'traceHeader' failed to satisfy constraint: Member"
                        + " must have length less than or equal to 256"));
        rows.add(new Row("StartExecution", "{\"stateMachineArn\": \"{MACHINE}\", \"traceHeader\": \"Root=\u00e9\"}", v,
                "1 validation error detected: Value 'Root=\u00e9' at 'traceHeader' failed to satisfy constraint: Member must"
                        + " satisfy regular expression pattern: \\p{ASCII}*"));
        rows.add(new Row("StopExecution", "{\"executionArn\": \"{EXECUTION}\", \"cause\": \"" + "c".repeat(32769) + "\"}", v,
                "1 validation error detected: Value at 'cause' failed to satisfy constraint: Member must have length less"
                        + " than or equal to 32768"));
        rows.add(new Row("SendTaskHeartbeat", "{\"taskToken\": \"" + "k".repeat(2049) + "\"}", v, "1 validation error"
                + " detected: Value '" + "k".repeat(2049) + "' at 'taskToken' failed to satisfy constraint: Member must have"
                + " length less than or equal to 2048"));
        String longKey = "k".repeat(129);
        rows.add(new Row("TagResource", "{\"resourceArn\": \"{MACHINE}\", \"tags\": [{\"key\": \"ok\"}, {\"key\": \"" + longKey
                + "\"}]}", v, "1 validation error detected: Value '" + longKey + "' at 'tags.2.member.key' failed to satisfy"
                + " constraint: Member must have length less than or equal to 128"));
        // Enums (statusFilter in AWS's recorded order, the others in the model's).
        rows.add(new Row("ListExecutions", "{\"stateMachineArn\": \"{MACHINE}\", \"statusFilter\": \"succeeded\"}", v,
                "1 validation error detected: Value 'succeeded' at 'statusFilter' failed to satisfy constraint: Member must"
                        + " satisfy enum value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]"));
        rows.add(new Row("DescribeExecution", "{\"executionArn\": \"{EXECUTION}\", \"includedData\": \"SOME\"}", v,
                "1 validation error detected: Value 'SOME' at 'includedData' failed to satisfy constraint: Member must"
                        + " satisfy enum value set: [ALL_DATA, METADATA_ONLY]"));
        rows.add(new Row("ValidateStateMachineDefinition", "{\"definition\": \"{}\", \"severity\": \"INFO\"}", v,
                "1 validation error detected: Value 'INFO' at 'severity' failed to satisfy constraint: Member must"
                        + " satisfy enum value set: [ERROR, WARNING]"));
        // ARNs (AWS's recorded words).
        rows.add(new Row("DescribeStateMachine", "{\"stateMachineArn\": \"not_a_valid_arn\"}", "InvalidArn",
                "Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'"));
        rows.add(new Row("DescribeExecution", "{\"executionArn\": \"invalid_state_machine_arn\"}", "InvalidArn",
                "Invalid Arn: 'Invalid ARN prefix: invalid_state_machine_arn'"));
        rows.add(new Row("DescribeActivity", "{\"activityArn\": \"no_an_activity_arn\"}", "InvalidArn",
                "Invalid Arn: 'Invalid ARN prefix: no_an_activity_arn'"));
        rows.add(new Row("DescribeStateMachine", "{\"stateMachineArn\": \"{ACTIVITY}\"}", "InvalidArn",
                "Invalid Arn: 'Resource type not valid in this context: activity'"));
        rows.add(new Row("ListExecutions", "{\"stateMachineArn\": \"" + PREFIX + "stateMachine:absent\"}",
                "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + PREFIX + "stateMachine:absent'"));
        // Roles (AWS's words for a role ARN that is none).
        rows.add(new Row("CreateStateMachine", "{\"name\": \"policy-role\", \"roleArn\": \"arn:aws:iam::aws:policy/AWSBatchFullAccess\","
                + " \"definition\": " + Json.write(Json.NODES.textNode(PASS)) + "}", "InvalidArn",
                "Invalid Role Arn: 'arn:aws:iam::aws:policy/AWSBatchFullAccess'"));
        rows.add(new Row("CreateStateMachine", "{\"name\": \"placeholder-role\", \"roleArn\": \"<execution-role-arn>\","
                + " \"definition\": " + Json.write(Json.NODES.textNode(PASS)) + "}", "InvalidArn",
                "Invalid Role Arn: '<execution-role-arn>'"));
        rows.add(new Row("UpdateStateMachine", "{\"stateMachineArn\": \"{MACHINE}\", \"roleArn\": \"arn:aws:iam::123456789012:user/u\"}",
                "InvalidArn", "Invalid Role Arn: 'arn:aws:iam::123456789012:user/u'"));
        rows.add(new Row("UpdateStateMachine", "{\"stateMachineArn\": \"{MACHINE}\"}", "MissingRequiredParameter",
                "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified"));
        // EXPRESS (AWS's recorded answers).
        String express = "Invalid Arn: 'Resource type not valid in this context: express'";
        rows.add(new Row("DescribeExecution", "{\"executionArn\": \"{EXPRESS_EXECUTION}\"}", "InvalidArn", express));
        rows.add(new Row("GetExecutionHistory", "{\"executionArn\": \"{EXPRESS_EXECUTION}\"}", "InvalidArn", express));
        rows.add(new Row("StopExecution", "{\"executionArn\": \"{EXPRESS_EXECUTION}\"}", "InvalidArn", express));
        rows.add(new Row("DescribeStateMachineForExecution", "{\"executionArn\": \"{EXPRESS_EXECUTION}\"}", "InvalidArn", express));
        rows.add(new Row("ListExecutions", "{\"stateMachineArn\": \"{EXPRESS_MACHINE}\"}", "StateMachineTypeNotSupported",
                "This operation is not supported by this type of state machine"));
        // Tags (ResourceNotFound as recorded for a version; TooManyTags in our words).
        rows.add(new Row("TagResource", "{\"resourceArn\": \"{MACHINE}:1\", \"tags\": [{\"key\": \"k\", \"value\": \"v\"}]}",
                "ResourceNotFound", "Resource not found: '{MACHINE}:1'"));
        rows.add(new Row("ListTagsForResource", "{\"resourceArn\": \"" + PREFIX + "activity:absent\"}", "ResourceNotFound",
                "Resource not found: '" + PREFIX + "activity:absent'"));
        rows.add(new Row("TagResource", "{\"resourceArn\": \"{ACTIVITY}\", \"tags\": " + tags(51) + "}", "TooManyTags",
                "Too many tags: a resource may have at most 50 tags, and '{ACTIVITY}' would have 51", "TooManyTags/message"));
        rows.add(new Row("CreateActivity", "{\"name\": \"crowded\", \"tags\": " + tags(51) + "}", "TooManyTags",
                "Too many tags: a resource may have at most 50 tags, and '" + PREFIX + "activity:crowded' would have 51",
                "TooManyTags/message"));
        rows.add(new Row("CreateStateMachine", "{\"name\": \"crowded\", \"roleArn\": \"" + ROLE + "\", \"definition\": "
                + Json.write(Json.NODES.textNode(PASS)) + ", \"tags\": " + tags(51) + "}", "TooManyTags",
                "Too many tags: a resource may have at most 50 tags, and '" + PREFIX + "stateMachine:crowded' would have 51",
                "TooManyTags/message"));
        // Machine settings.
        String settings = "{\"name\": \"settings\", \"roleArn\": \"" + ROLE + "\", \"definition\": "
                + Json.write(Json.NODES.textNode(PASS)) + ", ";
        String oneDestination = "Invalid Logging Configuration: Must specify exactly one Log Destination.";
        rows.add(new Row("CreateStateMachine", settings + "\"loggingConfiguration\": {\"level\": \"ALL\"}}",
                "InvalidLoggingConfiguration", oneDestination));
        rows.add(new Row("CreateStateMachine", settings + "\"loggingConfiguration\": {\"level\": \"ERROR\", \"destinations\": []}}",
                "InvalidLoggingConfiguration", oneDestination));
        rows.add(new Row("CreateStateMachine", settings + "\"loggingConfiguration\": {\"level\": \"ALL\", " + ONE_DESTINATION
                .replace("]", ", {\"cloudWatchLogsLogGroup\": {\"logGroupArn\": \"arn:aws:logs:us-east-1:123456789012:log-group:h:*\"}}]")
                + "}}", "InvalidLoggingConfiguration", oneDestination));
        rows.add(new Row("UpdateStateMachine", "{\"stateMachineArn\": \"{MACHINE}\", \"loggingConfiguration\": {\"level\": \"FATAL\"}}",
                "InvalidLoggingConfiguration", oneDestination));
        rows.add(new Row("CreateStateMachine", settings + "\"loggingConfiguration\": {\"level\": \"ALL\", \"destinations\": "
                + "[{\"cloudWatchLogsLogGroup\": {\"logGroupArn\": \"arn:aws:logs:us-east-1:123456789012:log-group:g\"}}]}}",
                "InvalidLoggingConfiguration", "Invalid Logging Configuration: Log Group ARN must be provided with '*' qualifier."));
        rows.add(new Row("CreateStateMachine", settings + "\"loggingConfiguration\": {\"level\": \"DEBUG\", " + ONE_DESTINATION + "}}",
                v, "1 validation error detected: Value 'DEBUG' at 'loggingConfiguration.level' failed to satisfy constraint:"
                + " Member must satisfy enum value set: [ALL, ERROR, FATAL, OFF]"));
        rows.add(new Row("CreateStateMachine", settings + "\"encryptionConfiguration\": {}}", v,
                missing.formatted("encryptionConfiguration.type")));
        rows.add(new Row("CreateStateMachine", settings + "\"encryptionConfiguration\": {\"type\": \"CUSTOMER_MANAGED_KMS_KEY\","
                + " \"kmsKeyId\": \"alias/k\", \"kmsDataKeyReusePeriodSeconds\": 30}}", v, "1 validation error detected: Value"
                + " '30' at 'encryptionConfiguration.kmsDataKeyReusePeriodSeconds' failed to satisfy constraint: Member must"
                + " have value greater than or equal to 60"));
        rows.add(new Row("CreateStateMachine", settings + "\"encryptionConfiguration\": {\"type\": \"CUSTOMER_MANAGED_KMS_KEY\","
                + " \"kmsKeyId\": \"alias/k\", \"kmsDataKeyReusePeriodSeconds\": 901}}", v, "1 validation error detected: Value"
                + " '901' at 'encryptionConfiguration.kmsDataKeyReusePeriodSeconds' failed to satisfy constraint: Member must"
                + " have value less than or equal to 900"));
        rows.add(new Row("CreateStateMachine", settings + "\"encryptionConfiguration\": {\"type\": \"CUSTOMER_MANAGED_KMS_KEY\"}}",
                "InvalidEncryptionConfiguration",
                "Invalid Encryption Configuration: a kmsKeyId is required when type is CUSTOMER_MANAGED_KMS_KEY.",
                "InvalidEncryptionConfiguration/no-key-id"));
        rows.add(new Row("CreateStateMachine", settings + "\"encryptionConfiguration\": {\"type\": \"AWS_OWNED_KEY\","
                + " \"kmsKeyId\": \"alias/k\"}}", "InvalidEncryptionConfiguration", "Invalid Encryption Configuration: kmsKeyId"
                + " and kmsDataKeyReusePeriodSeconds apply only to type CUSTOMER_MANAGED_KMS_KEY.",
                "InvalidEncryptionConfiguration/key-for-aws-owned"));
        rows.add(new Row("CreateStateMachine", settings + "\"loggingConfiguration\": {\"level\": \"ALL\", \"destinations\": "
                + "[{\"cloudWatchLogsLogGroup\": {\"logGroupArn\": \"arn:aws:s3:::bucket\"}}]}}", "InvalidLoggingConfiguration",
                "Invalid Logging Configuration: 'arn:aws:s3:::bucket' is not the ARN of a CloudWatch Logs log group"
                        + " (arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*).", "InvalidLoggingConfiguration/not-a-log-group"));
        rows.add(new Row("CreateStateMachine", settings + "\"tracingConfiguration\": {\"enabled\": \"yes\"}}",
                "SerializationException", "The member 'tracingConfiguration.enabled' must be a boolean",
                "InvalidTracingConfiguration/never"));
        return rows.stream();
    }

    private static String tags(int count) {
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            list.append(i == 0 ? "" : ", ").append("{\"key\": \"k").append(i).append("\", \"value\": \"v\"}");
        }
        return list.append("]").toString();
    }

    @Test
    void everyRowInOurOwnWordsIsAKnownDifference() throws IOException {
        Map<String, String> differences = KnownFailures.load(ConformanceCase.fixtures().resolve("aws-api-known-differences.txt"));
        List<String> unlisted = rows().map(Row::difference).filter(key -> key != null && !differences.containsKey(key))
                .distinct().toList();
        assertThat(unlisted).as("rows whose message is ours, without a reason in aws-api-known-differences.txt").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void isRefusedAsAwsRefusesIt(Row row) throws IOException {
        RawHttp.Response response = call(row.operation(), named(row.body()));
        JsonNode body = Json.parse(response.body());
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(body.path("__type").asText()).as(response.body()).isEqualTo(row.type());
        assertThat(body.path("message").asText()).isEqualTo(named(row.message()));
    }
}
