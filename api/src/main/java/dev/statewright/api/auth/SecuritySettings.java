package dev.statewright.api.auth;

import java.nio.file.Path;
import java.util.List;

/**
 * Who may call the service and what its workflows may reach.
 *
 * @param credentialsFile  an AWS shared-credentials file: every request must then be signed (the
 *                         AWS protocol) or carry a key's token or session (REST API, console); null
 *                         trusts every caller
 * @param tlsCertificate   a PEM certificate chain to serve HTTPS (with {@code tlsKey}), or null for HTTP
 * @param tlsKey           its PEM private key, or null
 * @param allowedTaskHosts the only hosts the HTTP Task and the Lambda endpoint may call; empty allows any
 */
public record SecuritySettings(Path credentialsFile, Path tlsCertificate, Path tlsKey, List<String> allowedTaskHosts) {
    public SecuritySettings {
        allowedTaskHosts = List.copyOf(allowedTaskHosts);
        if ((tlsCertificate == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate (--tls-cert) and its key (--tls-key)");
        }
    }

    public static SecuritySettings none() {
        return new SecuritySettings(null, null, null, List.of());
    }

    public SecuritySettings withCredentialsFile(Path file) {
        return new SecuritySettings(file, tlsCertificate, tlsKey, allowedTaskHosts);
    }

    public SecuritySettings withTls(Path certificate, Path key) {
        return new SecuritySettings(credentialsFile, certificate, key, allowedTaskHosts);
    }

    public SecuritySettings withAllowedTaskHosts(List<String> hosts) {
        return new SecuritySettings(credentialsFile, tlsCertificate, tlsKey, hosts);
    }

    public boolean tls() {
        return tlsCertificate != null;
    }
}
