package dev.statewright.api.integrations.optimized;

import dev.statewright.interpreter.StatesException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sqs.model.SqsException;

import static org.assertj.core.api.Assertions.assertThat;

/** The optimized integrations name errors and word causes as the AWS SDK for Java v1 did. */
class OptimizedErrorNamesTest {

    @Test
    void aServiceErrorIsWordedAsV1WordsIt() {
        SqsException error = (SqsException) SqsException.builder().statusCode(400).requestId("r-1")
                .awsErrorDetails(AwsErrorDetails.builder().serviceName("Sqs").errorCode("MissingParameter")
                        .errorMessage("The request must contain the parameter MessageBody.").build())
                .build();
        StatesException named = (StatesException) OptimizedTaskHandler.named(OptimizedIntegration.sqs("sendMessage"), error);
        assertThat(named.error()).isEqualTo("SQS.AmazonSQSException");
        assertThat(named.cause()).isEqualTo("The request must contain the parameter MessageBody. (Service: AmazonSQS;"
                + " Status Code: 400; Error Code: MissingParameter; Request ID: r-1; Proxy: null)");
    }

    @Test
    void anErrorWithoutAMessageGetsV1sSuffixOnlyOnce() {
        // A service that answers a bare status (ElasticMQ's 500) leaves the SDK to word the message.
        SqsException error = (SqsException) SqsException.builder().statusCode(500)
                .awsErrorDetails(AwsErrorDetails.builder().serviceName("Sqs").build()).build();
        StatesException named = (StatesException) OptimizedTaskHandler.named(OptimizedIntegration.sqs("sendMessage"), error);
        assertThat(named.cause()).doesNotContain("(Service: Sqs", "SDK Attempt Count")
                .endsWith("(Service: AmazonSQS; Status Code: 500; Error Code: null; Request ID: null; Proxy: null)");
    }
}
