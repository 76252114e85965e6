package dev.statewright.api.integrations.awssdk;

import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.s3.S3Configuration;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SDK's clients, one per service, built the first time a task calls it: with the endpoint the
 * user set (Statewright's own, then the SDK's settings) and refused when there is none unless
 * calls to AWS are allowed. Credentials come from the SDK's default chain; a local endpoint that
 * needs none gets placeholder ones, as local stand-ins accept any.
 */
final class SdkClients implements AutoCloseable {
    private final ServiceEndpoints endpoints;
    private final Region fallbackRegion;
    /** Made with the first client, so a service whose tasks call no AWS service never loads the SDK's HTTP stack. */
    private SdkHttpClient http;
    private final Map<String, SdkClient> clients = new ConcurrentHashMap<>();

    SdkClients(ServiceEndpoints endpoints, String fallbackRegion) {
        this.endpoints = endpoints;
        this.fallbackRegion = Region.of(fallbackRegion);
    }

    /** The client of a service, or States.TaskFailed naming the state when the service has no endpoint. */
    SdkClient client(SdkService service, String stateName) {
        SdkClient client = clients.computeIfAbsent(service.name(), name -> build(service));
        if (!isLocal(service, client) && !endpoints.allowAws()) {
            throw new StatesException(StatesErrors.TASK_FAILED, "The state '" + stateName + "' calls the AWS service '"
                    + service.name() + "', which has no endpoint here, and calls to AWS itself are not allowed: "
                    + ServiceEndpoints.howToSet(service.name()));
        }
        return client;
    }

    /** Whether calls to this service can go anywhere (an endpoint, or AWS allowed). */
    boolean reachable(SdkService service) {
        return endpoints.allowAws() || isLocal(service, clients.computeIfAbsent(service.name(), name -> build(service)));
    }

    private boolean isLocal(SdkService service, SdkClient client) {
        return endpoints.of(service.name()).isPresent()
                || client.serviceClientConfiguration().endpointOverride().isPresent();
    }

    private SdkClient build(SdkService service) {
        Object builder;
        Class<?> builderType;
        try {
            java.lang.reflect.Method make = service.client().getMethod("builder");
            builder = make.invoke(null);
            builderType = make.getReturnType(); // public, unlike the class of the builder itself
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The SDK client " + service.client().getName() + " has no builder()", e);
        }
        AwsClientBuilder<?, ?> aws = (AwsClientBuilder<?, ?>) builder;
        Optional<URI> given = endpoints.of(service.name());
        given.ifPresent(aws::endpointOverride);
        aws.region(region());
        aws.credentialsProvider(credentials());
        // Retries belong to the state's Retry, as on AWS; the SDK's own would hide errors and add delays.
        aws.overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
        ((SdkSyncClientBuilder<?, ?>) builder).httpClient(http());
        if (given.isPresent() || !endpoints.allowAws()) {
            // A local S3 answers at host/bucket, not at bucket.host; and checksums only where the API requires
            // them, as local stand-ins refuse the headers of the optional ones.
            setIfPresent(builderType, builder, "forcePathStyle", Boolean.class, Boolean.TRUE);
            setIfPresent(builderType, builder, "requestChecksumCalculation", RequestChecksumCalculation.class,
                    RequestChecksumCalculation.WHEN_REQUIRED);
            setIfPresent(builderType, builder, "responseChecksumValidation", ResponseChecksumValidation.class,
                    ResponseChecksumValidation.WHEN_REQUIRED);
            // Over plain HTTP the SDK frames S3 bodies as aws-chunked; a local S3 (s3proxy) keeps that as the
            // object's Content-Encoding, which AWS's S3 never shows on getObject.
            setIfPresent(builderType, builder, "serviceConfiguration", S3Configuration.class,
                    S3Configuration.builder().chunkedEncodingEnabled(false).build());
        }
        return (SdkClient) aws.build();
    }

    /**
     * The SDK's credentials as the user set them, else placeholders for local stand-ins. Without
     * {@code --allow-aws} only local settings are read: asking EC2's or a container's metadata
     * service for credentials off AWS costs seconds of timeouts.
     */
    private AwsCredentialsProvider credentials() {
        AwsCredentialsProvider settings = endpoints.allowAws() ? DefaultCredentialsProvider.builder().build()
                : AwsCredentialsProviderChain.builder().credentialsProviders(
                        EnvironmentVariableCredentialsProvider.create(), SystemPropertyCredentialsProvider.create(),
                        ProfileCredentialsProvider.create()).build();
        return AwsCredentialsProviderChain.builder().reuseLastProviderEnabled(true).credentialsProviders(settings,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("statewright", "statewright"))).build();
    }

    /** The region as the user set it (variables, system properties, profile; EC2's metadata only with AWS allowed). */
    private Region region() {
        AwsRegionProvider settings = endpoints.allowAws() ? new DefaultAwsRegionProviderChain()
                : new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider());
        try {
            return settings.getRegion();
        } catch (RuntimeException none) {
            return fallbackRegion;
        }
    }

    private synchronized SdkHttpClient http() {
        if (http == null) {
            http = UrlConnectionHttpClient.create();
        }
        return http;
    }

    /** Sets a setting that only some services' builders have (S3's). */
    private static <T> void setIfPresent(Class<?> builderType, Object builder, String setting, Class<T> type, T value) {
        try {
            builderType.getMethod(setting, type).invoke(builder, value);
        } catch (NoSuchMethodException notThisService) {
            // this service's builder has no such setting
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot set " + setting + " on " + builderType.getName(), e);
        }
    }

    @Override
    public void close() {
        clients.values().forEach(SdkClient::close);
        synchronized (this) {
            if (http != null) {
                http.close();
            }
        }
    }
}
