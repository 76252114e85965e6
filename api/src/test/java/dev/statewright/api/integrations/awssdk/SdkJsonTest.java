package dev.statewright.api.integrations.awssdk;

import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JSON to the SDK's requests and its responses back, through the SDK's model alone. */
class SdkJsonTest {

    @Test
    void nestedStructuresMapsListsAndEnumsBecomeARequest() {
        var json = Json.parse("""
                {"TableName": "t", "ReturnValues": "ALL_OLD",
                 "Item": {"id": {"S": "1"}, "n": {"N": "42"}, "tags": {"SS": ["a", "b"]},
                          "nested": {"M": {"ok": {"BOOL": true}, "list": {"L": [{"NULL": true}]}}}}}
                """);
        PutItemRequest request = (PutItemRequest) SdkJson.build(SdkJson.fill(PutItemRequest.builder(), json, "Parameters"));
        assertThat(request.tableName()).isEqualTo("t");
        assertThat(request.returnValues()).isEqualTo(ReturnValue.ALL_OLD);
        assertThat(request.item().get("n").n()).isEqualTo("42");
        assertThat(request.item().get("tags").ss()).containsExactly("a", "b");
        assertThat(request.item().get("nested").m().get("ok").bool()).isTrue();
        assertThat(request.item().get("nested").m().get("list").l().get(0).nul()).isTrue();
    }

    @Test
    void numbersBooleansAndTextAreCheckedAgainstTheModel() {
        var json = Json.parse("""
                {"QueueUrl": "q", "Entries": [{"Id": "1", "MessageBody": {"as": "json"}, "DelaySeconds": "5"}]}
                """);
        SendMessageBatchRequest request = (SendMessageBatchRequest) SdkJson.build(
                SdkJson.fill(SendMessageBatchRequest.builder(), json, "Parameters"));
        assertThat(request.entries().get(0).messageBody()).as("a structure where text is wanted is sent as its JSON")
                .isEqualTo("{\"as\":\"json\"}");
        assertThat(request.entries().get(0).delaySeconds()).isEqualTo(5);
        assertThatThrownBy(() -> SdkJson.fill(SendMessageBatchRequest.builder(),
                Json.parse("{\"Entries\": [{\"DelaySeconds\": \"soon\"}]}"), "Parameters"))
                .isInstanceOf(StatesException.class).hasMessageContaining("Parameters.Entries[0].DelaySeconds");
    }

    @Test
    void aResponseKeepsWhatIsSetAndLeavesOutWhatTheSdkMadeEmpty() {
        assertThat(SdkJson.toJson(PutItemResponse.builder().build())).isEqualTo(Json.object());
        UpdateItemResponse response = UpdateItemResponse.builder()
                .attributes(Map.of("S", AttributeValue.builder().s("updated").build(),
                        "L", AttributeValue.builder().l(List.of(AttributeValue.builder().n("1").build())).build()))
                .build();
        assertThat(SdkJson.toJson(response)).isEqualTo(Json.parse("""
                {"Attributes": {"S": {"S": "updated"}, "L": {"L": [{"N": "1"}]}}}"""));
    }

    @Test
    void timestampsAreIsoTextAndBytesAreTextWhenTheyAreUtf8() {
        assertThat(SdkJson.scalarJson(Instant.parse("2026-12-03T10:15:30Z")).asText()).isEqualTo("2026-12-03T10:15:30Z");
        assertThat(SdkJson.text("héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("héllo");
        assertThat(SdkJson.text(new byte[]{(byte) 0xff, 0x00})).isEqualTo("/wA=");
    }
}
