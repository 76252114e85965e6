package dev.statewright.cli;

import dev.statewright.api.integrations.awssdk.ServiceEndpoints;
import picocli.CommandLine.Option;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --endpoint SERVICE=URL} and {@code --allow-aws}, shared by the commands that run executions. */
final class EndpointOptions {
    @Option(names = "--endpoint", paramLabel = "SERVICE=URL",
            description = {"Where Task states send the calls of an AWS service (repeatable), e.g. sqs=http://localhost:9324.",
                    "Also read: Step Functions Local's variables (SQS_ENDPOINT, DYNAMODB_ENDPOINT, ...) and the AWS SDK's"
                            + " (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, a profile's endpoint_url)."})
    List<String> endpoints = new ArrayList<>();

    @Option(names = "--allow-aws",
            description = "Let Task states call AWS itself for a service with no endpoint (never done otherwise).")
    boolean allowAws;

    /** The endpoints given and read from the environment; IllegalArgumentException for a malformed option. */
    ServiceEndpoints resolve() {
        Map<String, URI> given = new LinkedHashMap<>();
        for (String option : endpoints) {
            Map.Entry<String, URI> endpoint = ServiceEndpoints.parseOption(option);
            given.put(endpoint.getKey(), endpoint.getValue());
        }
        return ServiceEndpoints.of(given, System.getenv(), allowAws);
    }
}
