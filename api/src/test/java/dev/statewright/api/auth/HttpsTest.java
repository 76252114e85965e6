package dev.statewright.api.auth;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --tls-cert} and {@code --tls-key}: HTTPS with a certificate made for the test, HTTP/2 for clients that ask. */
class HttpsTest {
    private static final String PASS = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";

    @TempDir
    static Path directory;
    private static TestCertificates certificate;
    private static StatewrightService service;

    @BeforeAll
    static void start() {
        certificate = TestCertificates.ec(directory); // EC: made in milliseconds, where RSA takes a second
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(0)
                .withSecurity(SecuritySettings.none().withCredentialsFile(TestCredentials.write(directory))
                        .withTls(certificate.certificate(), certificate.key())));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void theSdkSignsAndCallsOverHttps() {
        try (SfnClient sfn = SfnClient.builder()
                .endpointOverride(URI.create("https://localhost:" + service.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestCredentials.TEAM_KEY, TestCredentials.TEAM_SECRET)))
                .httpClient(UrlConnectionHttpClient.builder().tlsTrustManagersProvider(certificate::trust).build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
                .build()) {
            String machine = sfn.createStateMachine(b -> b.name("over-tls").definition(PASS)
                    .roleArn("arn:aws:iam::123456789012:role/r").type(StateMachineType.EXPRESS)).stateMachineArn();
            assertThat(sfn.startSyncExecution(b -> b.stateMachineArn(machine).input("{\"x\":1}")).output()).isEqualTo("{\"x\":1}");
        }
    }

    @Test
    void aClientThatAsksForHttp2GetsItAndTheLoginCookieIsSecure() throws Exception {
        SSLContext trusting = SSLContext.getInstance("TLS");
        trusting.init(null, certificate.trust(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(trusting).version(HttpClient.Version.HTTP_2).build();
        String base = "https://127.0.0.1:" + service.port();
        HttpResponse<String> counts = http.send(HttpRequest.newBuilder(URI.create(base + "/execution-counts"))
                .header("Authorization", "Bearer " + TestCredentials.TEAM_KEY + ":" + TestCredentials.TEAM_SECRET).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(counts.statusCode()).as(counts.body()).isEqualTo(200);
        assertThat(counts.version()).isEqualTo(HttpClient.Version.HTTP_2);

        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"accessKeyId\":\"" + TestCredentials.TEAM_KEY
                        + "\",\"secretAccessKey\":\"" + TestCredentials.TEAM_SECRET + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure", "; HttpOnly", "; SameSite=Strict");

        HttpClient http11 = HttpClient.newBuilder().sslContext(trusting).version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> refused = http11.send(HttpRequest.newBuilder(URI.create(base + "/execution-counts")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(refused.statusCode()).isEqualTo(401);
    }
}
