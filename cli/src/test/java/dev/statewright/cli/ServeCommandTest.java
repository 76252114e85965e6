package dev.statewright.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** {@code statewright serve}, run in process: its options and how it fails to start. */
class ServeCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Statewright.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void allowedHostsReachTheServiceConfiguration() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--host", "0.0.0.0", "--allowed-host", "devbox.lan", "--allowed-host", "*");
        assertThat(serve.config(1.0).allowedHosts()).containsExactly("devbox.lan", "*");
        assertThat(new ServeCommand().config(1.0).allowedHosts()).isEmpty();
    }

    @Test
    void logAndEventOptionsReachTheServiceConfiguration(@TempDir Path dir) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--log-dir", dir.toString(), "--events-webhook", "http://127.0.0.1:9000/a",
                "--events-webhook", "http://127.0.0.1:9000/b", "--events-amqp", "amqp://guest:guest@127.0.0.1:5672/%2F",
                "--events-amqp-exchange", "sfn", "--events-amqp-routing-key", "status", "--events-eventbridge", "default");
        var observability = serve.config(1.0).observability();
        assertThat(observability.logDirectory()).isEqualTo(dir);
        assertThat(observability.webhooks()).extracting(Object::toString)
                .containsExactly("http://127.0.0.1:9000/a", "http://127.0.0.1:9000/b");
        assertThat(observability.amqp().uri().getPort()).isEqualTo(5672);
        assertThat(observability.amqp().exchange()).isEqualTo("sfn");
        assertThat(observability.amqp().routingKey()).isEqualTo("status");
        assertThat(observability.eventBridge()).isEqualTo("default");
        assertThat(new ServeCommand().config(1.0).observability().sendsEvents()).isFalse();
    }

    @Test
    void aWebhookThatIsNoUrlIsOneClearLine() {
        assertThat(serveFails("--in-memory", "--port", "0", "--events-webhook", "ftp://x/y")).isEqualTo(ExitCodes.USAGE_OR_IO);
        assertOneClearLine("--events-webhook takes an http(s) URL", "ftp://x/y");
    }

    @Test
    void helpExplainsAllowedHosts() {
        assertThat(run("serve", "--help")).isZero();
        assertThat(out.toString()).contains("--allowed-host=NAME").contains("--allowed-host '*' accepts any name");
    }

    /** Runs serve, which must give up rather than listen: a service that started would block the test for ever. */
    private int serveFails(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(all));
    }

    /** One line that says what failed and why: no "null", no stack trace. */
    private void assertOneClearLine(String... parts) {
        String printed = err.toString().strip();
        assertThat(printed).startsWith("statewright: ").doesNotContain("\n").doesNotContain("\tat ")
                .doesNotContainIgnoringCase("null").contains(parts);
    }

    @Test
    void aPortInUseIsOneClearLine() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            String port = String.valueOf(taken.getLocalPort());
            assertThat(serveFails("--in-memory", "--port", port)).isEqualTo(ExitCodes.USAGE_OR_IO);
            assertOneClearLine("127.0.0.1:" + port, "Address already in use");
        }
    }

    @Test
    void aDataDirectoryThatIsAFileIsOneClearLine(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        assertThat(serveFails("--data-dir", file.toString(), "--port", "0")).isEqualTo(ExitCodes.USAGE_OR_IO);
        assertOneClearLine(file.toString(), "a file of that name is in the way");
    }

    @Test
    void anAddressThatIsNotThisMachinesIsOneClearLine() {
        assertThat(serveFails("--in-memory", "--host", "192.0.2.1", "--port", "0", "--insecure-no-auth"))
                .isEqualTo(ExitCodes.USAGE_OR_IO);
        assertOneClearLine("192.0.2.1");
    }

    @Test
    void theDatabaseAndItsLeaseReachTheServiceConfiguration() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--database", "postgresql://sw:secret@db.lan:5433/flows", "--lease-seconds", "3");
        var config = serve.config(1.0);
        assertThat(config.database()).isEqualTo("postgresql://sw:secret@db.lan:5433/flows");
        assertThat(config.postgres().lease()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.postgres().nodeId()).startsWith("node-");
        assertThat(new ServeCommand().config(1.0).postgres().lease()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void aDatabaseThatIsNotPostgresqlIsOneClearLine() {
        assertThat(serveFails("--database", "mysql://u:secret@127.0.0.1/db", "--port", "0")).isEqualTo(ExitCodes.USAGE_OR_IO);
        assertOneClearLine("must start with postgresql://", "mysql://u:***@127.0.0.1/db");
        assertThat(err.toString()).doesNotContain("secret");
    }

    @Test
    void aLeaseTooShortIsOneClearLine() {
        assertThat(serveFails("--database", "postgresql://127.0.0.1/db", "--lease-seconds", "0.1")).isEqualTo(ExitCodes.USAGE_OR_IO);
        assertOneClearLine("--lease-seconds must be at least 0.3");
    }

    @Test
    void aDatabaseNobodyAnswersIsOneClearLineWithoutThePassword() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        assertThat(serveFails("--database", "postgresql://sw:secret@127.0.0.1:" + port + "/flows", "--port", "0"))
                .isEqualTo(ExitCodes.USAGE_OR_IO);
        assertOneClearLine("jdbc:postgresql://127.0.0.1:" + port + "/flows as sw");
        assertThat(err.toString()).doesNotContain("secret");
    }

    @Test
    void aLambdaEndpointWithoutASchemeIsRefusedAtStart() {
        assertThat(serveFails("--in-memory", "--port", "0", "--lambda-endpoint", "127.0.0.1:3001"))
                .isEqualTo(ExitCodes.USAGE_OR_IO);
        assertOneClearLine("--lambda-endpoint '127.0.0.1:3001' needs a scheme and a host", "http://127.0.0.1:3001");
    }

    @Test
    void aMockFileThatNamesAnUndefinedResponseIsRefusedAtStart(@TempDir Path dir) throws IOException {
        Path mocks = Files.writeString(dir.resolve("mocks.json"), """
                {"StateMachines": {"M": {"TestCases": {"T": {"S": "Nope"}}}}, "MockedResponses": {}}
                """);
        assertThat(serveFails("--in-memory", "--port", "0", "--mock-config", mocks.toString()))
                .isEqualTo(ExitCodes.USAGE_OR_IO);
        assertOneClearLine(mocks + ": test case 'T' of 'M': state 'S': the mocked response 'Nope' is not defined");
    }

    @Test
    void aNetworkAddressWithoutCredentialsIsRefusedBeforeListening() {
        assertThat(serveFails("--in-memory", "--host", "0.0.0.0", "--port", "0")).isEqualTo(ExitCodes.USAGE_OR_IO);
        assertOneClearLine("refusing to listen on 0.0.0.0 without --credentials", "--insecure-no-auth");
    }

    @Test
    void aCredentialsFileThatCannotBeReadIsOneClearLine(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("no-such-credentials");
        assertThat(serveFails("--in-memory", "--port", "0", "--credentials", missing.toString()))
                .isEqualTo(ExitCodes.USAGE_OR_IO);
        assertOneClearLine(missing.toString(), "no such file");
        err.getBuffer().setLength(0);
        Path keyless = Files.writeString(dir.resolve("keyless"), "[team]\naws_access_key_id = AKID\n");
        assertThat(serveFails("--in-memory", "--port", "0", "--credentials", keyless.toString()))
                .isEqualTo(ExitCodes.USAGE_OR_IO);
        assertOneClearLine("[team]", "aws_secret_access_key");
    }

    @Test
    void aCertificateWithoutItsKeyIsOneClearLine(@TempDir Path dir) throws IOException {
        Path certificate = Files.writeString(dir.resolve("cert.pem"), "x");
        assertThat(serveFails("--in-memory", "--port", "0", "--tls-cert", certificate.toString()))
                .isEqualTo(ExitCodes.USAGE_OR_IO);
        assertOneClearLine("--tls-key");
    }

    @Test
    void securityOptionsReachTheServiceConfiguration() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--host", "0.0.0.0", "--credentials", "team-credentials", "--allow-task-host",
                "api.internal", "--allow-task-host", "127.0.0.1");
        assertThat(serve.openToTheNetworkRefusal()).isNull();
        assertThat(serve.config(1.0).security().credentialsFile()).isEqualTo(Path.of("team-credentials"));
        assertThat(serve.config(1.0).security().allowedTaskHosts()).containsExactly("api.internal", "127.0.0.1");
        ServeCommand local = new ServeCommand();
        new CommandLine(local).parseArgs("--host", "localhost");
        assertThat(local.openToTheNetworkRefusal()).isNull();
        ServeCommand open = new ServeCommand();
        new CommandLine(open).parseArgs("--host", "0.0.0.0", "--insecure-no-auth");
        assertThat(open.openToTheNetworkRefusal()).isNull();
    }
}
