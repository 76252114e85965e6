package dev.statewright.api.conformance;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.auth.SecuritySettings;
import dev.statewright.api.auth.TestCredentials;
import dev.statewright.interpreter.conformance.ConformanceCase;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The service conformance suite again with authentication on, on a sample of its cases: the
 * services read a credentials file and every request is signed (SigV4) with one of its keys.
 */
class SignedServiceConformanceTest extends ServiceConformanceTest {
    private Path credentials;

    @Override
    ServiceConfig configured(ServiceConfig config) {
        if (credentials == null) {
            try {
                credentials = TestCredentials.write(Files.createTempDirectory("statewright-signed-conformance"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            credentials.toFile().deleteOnExit();
            credentials.getParent().toFile().deleteOnExit();
        }
        return config.withSecurity(SecuritySettings.none().withCredentialsFile(credentials));
    }

    @Override
    SfnClient client(int port) {
        return TestCredentials.client("http://127.0.0.1:" + port,
                AwsBasicCredentials.create(TestCredentials.TEAM_KEY, TestCredentials.TEAM_SECRET));
    }

    /** A sample: the embedded run (ServiceConformanceTest) runs every case through the same path. */
    @Override
    protected List<ConformanceCase> casesToRun(List<ConformanceCase> all) {
        return ConformanceSample.of(all);
    }
}
