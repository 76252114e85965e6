package dev.statewright.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

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
    void helpExplainsAllowedHosts() {
        assertThat(run("serve", "--help")).isZero();
        assertThat(out.toString()).contains("--allowed-host=NAME").contains("--allowed-host '*' accepts any name");
    }
}
