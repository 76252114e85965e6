package dev.statewright.api.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Host rule on its own: names of this machine, IP literals and allowed names; nothing else. */
class HostNamesTest {
    private final HostNames onLoopback = new HostNames("127.0.0.1", List.of());

    @Test
    void namesOfThisMachineAreAccepted() {
        assertThat(onLoopback.accepts("localhost")).isTrue();
        assertThat(onLoopback.accepts("LOCALHOST")).isTrue();
        assertThat(onLoopback.accepts("localhost.")).isTrue();
        assertThat(onLoopback.accepts("console.localhost")).isTrue();
        assertThat(onLoopback.accepts("sync-localhost")).isTrue();
        assertThat(onLoopback.accepts("sync-console.localhost")).isTrue();
        assertThat(new HostNames("devbox.lan", List.of()).accepts("devbox.lan")).as("the --host name").isTrue();
    }

    @Test
    void ipLiteralsAreAcceptedButNamesThatLookLikeThemAreNot() {
        assertThat(onLoopback.accepts("127.0.0.1")).isTrue();
        assertThat(onLoopback.accepts("127.255.0.9")).isTrue();
        assertThat(onLoopback.accepts("192.168.1.20")).isTrue();
        assertThat(onLoopback.accepts("[::1]")).isTrue();
        assertThat(onLoopback.accepts("[fe80::1:2]")).isTrue();
        assertThat(onLoopback.accepts("127.0.0.1.nip.io")).isFalse();
        assertThat(onLoopback.accepts("1.2.3.4.example")).isFalse();
        assertThat(onLoopback.accepts("256.1.1.1")).isFalse();
        assertThat(onLoopback.accepts("1.2.3")).isFalse();
        assertThat(onLoopback.accepts("[evil.example]")).isFalse();
    }

    @Test
    void otherNamesNeedToBeAllowed() {
        assertThat(onLoopback.accepts("evil.example")).isFalse();
        assertThat(onLoopback.accepts("sync-evil.example")).isFalse();
        assertThat(onLoopback.accepts("localhost.evil.example")).isFalse();
        assertThat(onLoopback.accepts("evillocalhost")).isFalse();
        assertThat(new HostNames("0.0.0.0", List.of()).accepts("evil.example")).as("listening everywhere").isFalse();

        HostNames allowing = new HostNames("0.0.0.0", List.of("Statewright.Internal."));
        assertThat(allowing.accepts("statewright.internal")).isTrue();
        assertThat(allowing.accepts("sync-statewright.internal")).isTrue();
        assertThat(allowing.accepts("other.internal")).isFalse();
        assertThat(new HostNames("127.0.0.1", List.of(HostNames.ANY)).accepts("anything.example")).isTrue();
    }

    @Test
    void theNameOfAHostHeaderLeavesItsPortOut() {
        assertThat(HostNames.nameOf("localhost:8083")).isEqualTo("localhost");
        assertThat(HostNames.nameOf("[::1]:8083")).isEqualTo("[::1]");
        assertThat(HostNames.nameOf("example.com")).isEqualTo("example.com");
        assertThat(HostNames.nameOf("")).isNull();
        assertThat(HostNames.nameOf(null)).isNull();
    }
}
