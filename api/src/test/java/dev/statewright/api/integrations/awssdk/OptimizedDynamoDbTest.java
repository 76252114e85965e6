package dev.statewright.api.integrations.awssdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.SfnTestClients;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DynamoDB's optimized integrations and its AWS SDK integration against dynalite: the recorded
 * cases' sequence (put, update, get, delete), AWS's result shapes and both integrations' names
 * for DynamoDB's errors.
 */
class OptimizedDynamoDbTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/test-role";
    private static LocalDynamoDb dynamo;
    private static StatewrightService service;
    private static SfnClient sfn;
    private static DynamoDbClient dynamoClient;
    private static String table;

    @BeforeAll
    static void start() throws Exception {
        dynamo = new LocalDynamoDb();
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withWaitTimeScale(0).withEndpoints(new ServiceEndpoints(Map.of("dynamodb", dynamo.endpoint()), false)));
        sfn = SfnTestClients.client(service.port());
        dynamoClient = DynamoDbClient.builder().endpointOverride(dynamo.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        table = "t-" + UUID.randomUUID().toString().substring(0, 8);
        dynamoClient.createTable(b -> b.tableName(table).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (sfn != null) {
            sfn.close();
            service.close();
            dynamoClient.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
    }

    private static DescribeExecutionResponse run(String definition, JsonNode input) {
        String machine = sfn.createStateMachine(b -> b.name("m-" + UUID.randomUUID().toString().substring(0, 8))
                .definition(definition).roleArn(ROLE)).stateMachineArn();
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine).input(Json.write(input))).executionArn();
        return SfnTestClients.awaitEnd(sfn, execution);
    }

    @Test
    void putUpdateGetAndDeleteAnItemAsTheRecordedCasesDo() {
        DescribeExecutionResponse execution = run("""
                {"StartAt": "Put", "States": {
                  "Put": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
                          "Parameters": {"TableName.$": "$.TableName", "Item.$": "$.Item"},
                          "ResultPath": "$.putItemOutput", "Next": "Update"},
                  "Update": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:updateItem",
                             "Parameters": {"TableName.$": "$.TableName", "Key.$": "$.Key",
                                            "UpdateExpression": "set S=:r",
                                            "ExpressionAttributeValues": {":r": {"S": "HelloWorldUpdated"}},
                                            "ReturnValues": "UPDATED_NEW"},
                             "ResultPath": "$.updateItemOutput", "Next": "Get"},
                  "Get": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
                          "Parameters": {"TableName.$": "$.TableName", "Key.$": "$.Key"},
                          "ResultPath": "$.getItemOutput", "Next": "SdkGet"},
                  "SdkGet": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:getItem",
                             "Parameters": {"TableName.$": "$.TableName", "Key.$": "$.Key"},
                             "ResultPath": "$.sdkGetOutput", "Next": "Delete"},
                  "Delete": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:deleteItem",
                             "Parameters": {"TableName.$": "$.TableName", "Key.$": "$.Key"},
                             "ResultPath": "$.deleteItemOutput", "End": true}}}
                """, Json.object().put("TableName", table)
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("Item", Json.parse(
                        "{\"data\": {\"S\": \"HelloWorld\"}, \"id\": {\"S\": \"id1\"}}"))
                .set("Key", Json.parse("{\"id\": {\"S\": \"id1\"}}")));
        assertThat(execution.status()).as(execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = Json.parse(execution.output());
        assertThat(output.path("putItemOutput").path("SdkHttpMetadata").path("HttpStatusCode").asInt()).isEqualTo(200);
        assertThat(output.path("putItemOutput").has("Attributes")).isFalse();
        assertThat(output.path("updateItemOutput").path("Attributes"))
                .isEqualTo(Json.parse("{\"S\": {\"S\": \"HelloWorldUpdated\"}}"));
        assertThat(output.path("getItemOutput").path("Item")).isEqualTo(Json.parse(
                "{\"S\": {\"S\": \"HelloWorldUpdated\"}, \"data\": {\"S\": \"HelloWorld\"}, \"id\": {\"S\": \"id1\"}}"));
        assertThat(output.path("sdkGetOutput")).as("the AWS SDK integration has no HTTP metadata")
                .isEqualTo(Json.object().set("Item", output.path("getItemOutput").path("Item")));
        assertThat(dynamoClient.getItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS("id1")))).hasItem())
                .as("deleted").isFalse();
    }

    @Test
    void errorsAreNamedAsEachIntegrationNamesThem() {
        DescribeExecutionResponse execution = run("""
                {"StartAt": "Missing", "States": {
                  "Missing": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
                              "Parameters": {"TableName": "no-such-table", "Key": {"id": {"S": "1"}}},
                              "Catch": [{"ErrorEquals": ["DynamoDB.ResourceNotFoundException"], "ResultPath": "$.optimized",
                                         "Next": "SdkMissing"}], "End": true},
                  "SdkMissing": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:getItem",
                              "Parameters": {"TableName": "no-such-table", "Key": {"id": {"S": "1"}}},
                              "Catch": [{"ErrorEquals": ["DynamoDb.ResourceNotFoundException"], "ResultPath": "$.sdk",
                                         "Next": "Invalid"}], "End": true},
                  "Invalid": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
                              "Parameters": {"TableName.$": "$.table"},
                              "Catch": [{"ErrorEquals": ["DynamoDB.AmazonDynamoDBException"], "ResultPath": "$.invalid",
                                         "Next": "Done"}], "End": true},
                  "Done": {"Type": "Succeed"}}}
                """, Json.object().put("table", table));
        assertThat(execution.status()).as(execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = Json.parse(execution.output());
        assertThat(output.path("optimized").path("Cause").asText())
                .contains("(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ResourceNotFoundException;");
        assertThat(output.path("sdk").path("Cause").asText()).contains("(Service: DynamoDb, Status Code: 400");
        assertThat(output.path("invalid").path("Cause").asText()).contains("Error Code: ValidationException");
    }
}
