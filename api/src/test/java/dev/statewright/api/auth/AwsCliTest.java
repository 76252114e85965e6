package dev.statewright.api.auth;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AWS CLI against a service with {@code --credentials}, with the same file as its
 * shared-credentials file and a profile of it: nothing but {@code --profile} and
 * {@code --endpoint-url} to change on the caller's side. Skipped without the CLI, unless
 * STATEWRIGHT_REQUIRE_AWSCLI is set (CI installs it).
 */
class AwsCliTest {
    @TempDir
    static Path directory;
    private static Path credentials;
    private static StatewrightService service;
    private static String aws;

    @BeforeAll
    static void start() {
        aws = onPath("aws").orElse(null);
        if (aws == null) {
            String message = "The AWS CLI tests need the aws command: pip install awscli";
            if (System.getenv("STATEWRIGHT_REQUIRE_AWSCLI") != null) {
                Assertions.fail(message + "; STATEWRIGHT_REQUIRE_AWSCLI is set, so its absence is a failure");
            }
            Assumptions.abort(message);
        }
        credentials = TestCredentials.write(directory);
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(0)
                .withSecurity(SecuritySettings.none().withCredentialsFile(credentials)));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theCliWithAProfileOfTheFileCreatesStartsAndDescribes() throws Exception {
        Path definition = Files.writeString(directory.resolve("machine.json"),
                "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":{\"ok\":true},\"End\":true}}}");
        Run created = cli("team", "create-state-machine", "--name", "from-cli", "--definition", "file://" + definition,
                "--role-arn", "arn:aws:iam::123456789012:role/r");
        assertThat(created.exit()).as(created.err()).isZero();
        String machine = Json.parse(created.out()).get("stateMachineArn").asText();
        Run started = cli("team", "start-execution", "--state-machine-arn", machine, "--name", "first");
        assertThat(started.exit()).as(started.err()).isZero();
        String execution = Json.parse(started.out()).get("executionArn").asText();
        Run described = cli("temporary", "describe-execution", "--execution-arn", execution);
        assertThat(described.exit()).as(described.err()).isZero();
        assertThat(described.out()).contains("\"name\": \"first\"");
    }

    @Test
    void theCliShowsAwsErrorForAWrongSecret() throws Exception {
        Path wrong = Files.writeString(directory.resolve("wrong-credentials"), "[team]\naws_access_key_id = "
                + TestCredentials.TEAM_KEY + "\naws_secret_access_key = not-the-secret\n");
        Run refused = cli(wrong, "team", "list-state-machines");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("(InvalidSignatureException)", "ListStateMachines",
                "The request signature we calculated does not match");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run cli(String profile, String... arguments) throws IOException, InterruptedException {
        return cli(credentials, profile, arguments);
    }

    private static Run cli(Path credentialsFile, String profile, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(aws, "stepfunctions"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--profile", profile, "--region", "us-east-1", "--endpoint-url",
                "http://127.0.0.1:" + service.port(), "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_"));
        environment.put("AWS_SHARED_CREDENTIALS_FILE", credentialsFile.toString());
        environment.put("AWS_CONFIG_FILE", directory.resolve("no-config").toString());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        Path out = Files.createTempFile(directory, "cli", ".out");
        Path err = Files.createTempFile(directory, "cli", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("aws " + arguments[0] + " did not finish in 60 s");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static Optional<String> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }
}
