package dev.statewright.api.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PEM files as openssl and certbot write them, and the clear refusals of the ones that cannot serve. */
class PemTlsTest {
    @TempDir
    Path directory;

    @Test
    void readsAnRsaKeyInPkcs1AndAnEcKeyInPkcs8() throws Exception {
        TestCertificates rsa = TestCertificates.rsa(directory);
        assertThat(Files.readString(rsa.key())).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(PemTls.context(rsa.certificate(), rsa.key()).getProtocol()).isEqualTo("TLS");
        TestCertificates ec = TestCertificates.ec(directory);
        assertThat(Files.readString(ec.key())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PemTls.context(ec.certificate(), ec.key()).getProtocol()).isEqualTo("TLS");
    }

    @Test
    void refusesAKeyOfAnotherCertificateAndSaysWhichFiles() {
        TestCertificates rsa = TestCertificates.rsa(directory);
        Path other = directory.resolve("other");
        TestCertificates ec = TestCertificates.ec(createDirectory(other));
        assertThatThrownBy(() -> PemTls.context(rsa.certificate(), ec.key()))
                .hasMessageContaining("does not belong to the certificate").hasMessageContaining(ec.key().toString());
    }

    @Test
    void refusesFilesThatHoldNoCertificateOrNoUsableKey() throws Exception {
        TestCertificates rsa = TestCertificates.rsa(directory);
        Path encrypted = Files.writeString(directory.resolve("encrypted.pem"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemTls.context(rsa.certificate(), encrypted)).hasMessageContaining("encrypted key");
        assertThatThrownBy(() -> PemTls.context(rsa.key(), rsa.key())).hasMessageContaining(rsa.key().toString());
        assertThatThrownBy(() -> PemTls.context(rsa.certificate(), rsa.certificate())).hasMessageContaining("no private key");
        assertThatThrownBy(() -> PemTls.context(directory.resolve("missing.pem"), rsa.key()))
                .hasMessageContaining("Cannot read").hasMessageContaining("missing.pem");
    }

    private static Path createDirectory(Path path) {
        try {
            return Files.createDirectories(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
