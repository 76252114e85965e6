package dev.statewright.api.auth;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made when a test runs (no key is kept in
 * the repository), written as PEM files as openssl would write them.
 *
 * @param certificate the PEM certificate file
 * @param key         the PEM private key file (PKCS#1 for RSA, PKCS#8 otherwise, as asked)
 */
public record TestCertificates(Path certificate, Path key, X509Certificate x509) {

    /** An RSA certificate with its key in PKCS#1 ("BEGIN RSA PRIVATE KEY"), as older openssl writes it. */
    public static TestCertificates rsa(Path directory) {
        return make(directory, "RSA", 2048, "SHA256withRSA", false);
    }

    /** An EC (P-256) certificate with its key in PKCS#8 ("BEGIN PRIVATE KEY"). */
    public static TestCertificates ec(Path directory) {
        return make(directory, "EC", 256, "SHA256withECDSA", true);
    }

    private static TestCertificates make(Path directory, String algorithm, int size, String signature, boolean pkcs8) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(size);
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=statewright test");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), name, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(signature).build(pair.getPrivate())));
            Path certificateFile = directory.resolve(algorithm.toLowerCase() + "-cert.pem");
            Path keyFile = directory.resolve(algorithm.toLowerCase() + "-key.pem");
            Files.writeString(certificateFile, pem(certificate));
            Files.writeString(keyFile, pkcs8 ? pem(new JcaPKCS8Generator(pair.getPrivate(), null)) : pem(pair.getPrivate()));
            return new TestCertificates(certificateFile, keyFile, certificate);
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("Cannot make a test certificate", e);
        }
    }

    /** Trust managers that trust this certificate alone, for the test's clients. */
    public TrustManager[] trust() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("statewright", x509);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }
}
