package dev.statewright.api.integrations.awssdk;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the services that tasks call are, as users already say it: an endpoint given to
 * Statewright per service ({@code --endpoint SERVICE=URL}), then Step Functions Local's variables
 * ({@code SQS_ENDPOINT}, {@code DYNAMODB_ENDPOINT}, ...). The AWS SDK's own settings
 * ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_<SERVICE>}, a profile's endpoint_url) are
 * read by the SDK when the client is built. With none of these, a call goes to AWS only when the
 * user allowed it ({@code --allow-aws}).
 *
 * @param given    endpoints given to Statewright, by Step Functions' service name (s3, dynamodb, ...)
 * @param allowAws whether a service without a local endpoint may be called on AWS itself
 */
public record ServiceEndpoints(Map<String, URI> given, boolean allowAws) {
    /** Step Functions Local's variable for each service that has one, by Step Functions' service name. */
    private static final Map<String, String> STEP_FUNCTIONS_LOCAL = Map.of(
            "lambda", "LAMBDA_ENDPOINT", "dynamodb", "DYNAMODB_ENDPOINT", "sqs", "SQS_ENDPOINT",
            "sns", "SNS_ENDPOINT", "sfn", "STEP_FUNCTIONS_ENDPOINT", "ecs", "ECS_ENDPOINT", "batch", "BATCH_ENDPOINT",
            "glue", "GLUE_ENDPOINT", "sagemaker", "SAGEMAKER_ENDPOINT", "eventbridge", "EVENTBRIDGE_ENDPOINT");

    public ServiceEndpoints {
        given = Map.copyOf(given);
    }

    /** No endpoints and AWS not allowed: every call needs an endpoint from the SDK's own settings. */
    public static ServiceEndpoints none() {
        return new ServiceEndpoints(Map.of(), false);
    }

    /** The endpoints given, with Step Functions Local's variables from {@code environment} for the services not given. */
    public static ServiceEndpoints of(Map<String, URI> given, Map<String, String> environment, boolean allowAws) {
        Map<String, URI> all = new LinkedHashMap<>();
        STEP_FUNCTIONS_LOCAL.forEach((service, variable) -> {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                all.put(service, URI.create(value.trim()));
            }
        });
        given.forEach((service, uri) -> all.put(service.toLowerCase(Locale.ROOT), uri));
        return new ServiceEndpoints(all, allowAws);
    }

    /** Parses {@code SERVICE=URL}, as the {@code --endpoint} option takes it. */
    public static Map.Entry<String, URI> parseOption(String option) {
        int equals = option.indexOf('=');
        if (equals <= 0 || equals == option.length() - 1) {
            throw new IllegalArgumentException("An endpoint is given as SERVICE=URL (e.g. sqs=http://localhost:9324),"
                    + " not '" + option + "'");
        }
        URI uri = URI.create(option.substring(equals + 1).trim());
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("The endpoint of " + option.substring(0, equals) + " is not a URL: '"
                    + option.substring(equals + 1) + "'");
        }
        return Map.entry(option.substring(0, equals).trim().toLowerCase(Locale.ROOT), uri);
    }

    /** The endpoint given for a service, if any. */
    public Optional<URI> of(String service) {
        return Optional.ofNullable(given.get(service.toLowerCase(Locale.ROOT)));
    }

    /** What to tell a user whose task calls a service with no endpoint. */
    static String howToSet(String service) {
        String sfnLocal = STEP_FUNCTIONS_LOCAL.get(service);
        return "give the service an endpoint (statewright serve --endpoint " + service + "=http://localhost:PORT, or the"
                + " AWS SDK's AWS_ENDPOINT_URL_" + service.toUpperCase(Locale.ROOT)
                + (sfnLocal != null ? " or " + sfnLocal : "") + "), mock the state (--mock-config), or allow calls to"
                + " AWS itself with --allow-aws";
    }
}
