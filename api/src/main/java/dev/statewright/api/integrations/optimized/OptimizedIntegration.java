package dev.statewright.api.integrations.optimized;

/**
 * One of Step Functions' optimized integrations ({@code arn:aws:states:::sqs:sendMessage}), made
 * through the AWS SDK's action of the same meaning. AWS built these on the AWS SDK for Java v1,
 * and their answers still show it: the HTTP metadata beside the result, and errors named after
 * v1's classes ({@code SQS.AmazonSQSException}) with v1's wording of the cause.
 *
 * @param resource       the resource after {@code arn:aws:states:::} ({@code sqs:sendMessage})
 * @param sdkService     the SDK module's service ({@code sqs}, {@code eventbridge})
 * @param sdkAction      the SDK client's method ({@code sendMessage})
 * @param errorPrefix    what error names start with ({@code SQS}, {@code DynamoDB})
 * @param v1Service      the service as v1's error causes name it ({@code AmazonSQS})
 * @param v1Exception    v1's exception for an error the model does not name ({@code AmazonSQSException})
 * @param httpMetadata   whether the result carries {@code SdkHttpMetadata} and {@code SdkResponseMetadata}
 */
record OptimizedIntegration(String resource, String sdkService, String sdkAction, String errorPrefix, String v1Service,
                            String v1Exception, boolean httpMetadata) {

    static OptimizedIntegration sqs(String action) {
        return new OptimizedIntegration("sqs:" + action, "sqs", action, "SQS", "AmazonSQS", "AmazonSQSException", true);
    }

    static OptimizedIntegration sns(String action) {
        return new OptimizedIntegration("sns:" + action, "sns", action, "SNS", "AmazonSNS", "AmazonSNSException", true);
    }

    static OptimizedIntegration dynamoDb(String action) {
        return new OptimizedIntegration("dynamodb:" + action, "dynamodb", action, "DynamoDB", "AmazonDynamoDBv2",
                "AmazonDynamoDBException", true);
    }

    static OptimizedIntegration eventBridge(String action) {
        return new OptimizedIntegration("events:" + action, "eventbridge", action, "EventBridge", "AmazonEventBridge",
                "AmazonEventBridgeException", false);
    }
}
