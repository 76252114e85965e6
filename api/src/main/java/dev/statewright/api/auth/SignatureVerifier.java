package dev.statewright.api.auth;

import dev.statewright.api.service.ServiceException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks an AWS Signature Version 4 as AWS does for the JSON protocol: the caller's access key
 * must be known, the request no more than 5 minutes from now, the credential scoped to this
 * region and to {@code states}, and the signature the one the AWS SDK's own signer
 * ({@link Aws4Signer}) computes with the key's secret over the request rebuilt from what
 * arrived: its method, path, query, the headers the caller says it signed, and the whole body.
 * The two signatures are compared in constant time. Failures are AWS's exceptions, in its words.
 */
public final class SignatureVerifier {
    static final String SERVICE = "states";
    static final Duration ALLOWED_SKEW = Duration.ofMinutes(5);
    private static final DateTimeFormatter BASIC_ISO = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String MISMATCH = "The request signature we calculated does not match the signature you provided."
            + " Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    private final AccessKeys keys;
    private final String region;
    private final InstantSource clock;
    @SuppressWarnings("deprecation")
    private static final Aws4Signer SIGNER = Aws4Signer.create();

    public SignatureVerifier(AccessKeys keys, String region, InstantSource clock) {
        this.keys = keys;
        this.region = region;
        this.clock = clock;
    }

    /**
     * @return the caller's key when the signature holds
     * @throws ServiceException MissingAuthenticationTokenException, IncompleteSignatureException,
     *                          UnrecognizedClientException or InvalidSignatureException
     */
    public AccessKey verify(ReceivedRequest request) {
        String header = request.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new ServiceException("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
        }
        SigV4Authorization authorization = SigV4Authorization.parse(header);
        AccessKey key = keys.find(authorization.accessKeyId()).orElseThrow(SignatureVerifier::unrecognized);
        String amzDate = request.header("X-Amz-Date");
        if (amzDate == null) {
            throw SigV4Authorization.incomplete("Authorization header requires existence of a 'X-Amz-Date' header"
                    + " (a 'Date' header alone is not accepted here). Authorization=" + header);
        }
        Instant signedAt = parseDate(amzDate);
        checkSkew(signedAt);
        checkScope(authorization, amzDate);
        checkSessionToken(key, request.header("X-Amz-Security-Token"));
        String expected = expectedSignature(request, authorization, key, signedAt);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                authorization.signature().getBytes(StandardCharsets.US_ASCII))) {
            throw invalid(MISMATCH);
        }
        return key;
    }

    private static Instant parseDate(String amzDate) {
        try {
            return Instant.from(BASIC_ISO.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw SigV4Authorization.incomplete("Date must be in ISO-8601 'basic format'. Got '" + amzDate + "'. See"
                    + " http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    private void checkSkew(Instant signedAt) {
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(ALLOWED_SKEW))) {
            throw invalid("Signature expired: " + BASIC_ISO.format(signedAt) + " is now earlier than "
                    + BASIC_ISO.format(now.minus(ALLOWED_SKEW)) + " (" + BASIC_ISO.format(now) + " - 5 min.)");
        }
        if (signedAt.isAfter(now.plus(ALLOWED_SKEW))) {
            throw invalid("Signature not yet current: " + BASIC_ISO.format(signedAt) + " is still later than "
                    + BASIC_ISO.format(now.plus(ALLOWED_SKEW)) + " (" + BASIC_ISO.format(now) + " + 5 min.)");
        }
    }

    private void checkScope(SigV4Authorization authorization, String amzDate) {
        if (!authorization.scopeDate().equals(amzDate.substring(0, 8))) {
            throw invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + authorization.scopeDate() + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
        }
        if (!authorization.scopeRegion().equals(region)) {
            throw invalid("Credential should be scoped to a valid region, not '" + authorization.scopeRegion()
                    + "'. This service's region is '" + region + "'.");
        }
        if (!authorization.scopeService().equals(SERVICE)) {
            throw invalid("Credential should be scoped to correct service: '" + SERVICE + "'. ");
        }
        if (!authorization.scopeTerminator().equals("aws4_request")) {
            throw invalid("Credential should be scoped with a valid terminator: 'aws4_request', not '"
                    + authorization.scopeTerminator() + "'. ");
        }
    }

    /** Temporary credentials need their token; long-term keys take none. */
    private static void checkSessionToken(AccessKey key, String sent) {
        boolean matches = key.sessionToken() == null ? sent == null
                : sent != null && MessageDigest.isEqual(key.sessionToken().getBytes(StandardCharsets.UTF_8),
                sent.getBytes(StandardCharsets.UTF_8));
        if (!matches) {
            throw unrecognized();
        }
    }

    /**
     * The SDK's signature of the request rebuilt with exactly the headers the caller signed (the
     * Host it sent, {@code sync-} prefix and all), at the time it signed it. {@link Aws4Signer}, not
     * the newer AwsV4HttpSigner: that one always adds and signs {@code x-amz-content-sha256},
     * which the SDKs for Java send but the AWS CLI (botocore) and others do not, so it cannot
     * reproduce their signatures; Aws4Signer signs the headers it is given and no others.
     */
    @SuppressWarnings("deprecation")
    private String expectedSignature(ReceivedRequest request, SigV4Authorization authorization, AccessKey key,
                                     Instant signedAt) {
        SdkHttpFullRequest.Builder rebuilt = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(request.method()))
                .protocol(request.scheme())
                .encodedPath(request.rawPath().isEmpty() ? "/" : request.rawPath())
                .contentStreamProvider(ContentStreamProvider.fromByteArrayUnsafe(request.body()));
        hostAndPort(request.header("Host"), rebuilt);
        queryParameters(request.rawQuery()).forEach(rebuilt::putRawQueryParameter);
        for (String name : authorization.signedHeaders()) {
            List<String> values = request.headers().get(name);
            if (values != null && !name.equalsIgnoreCase("host")) {
                rebuilt.putHeader(name, values);
            }
        }
        SdkHttpFullRequest signed;
        try {
            signed = SIGNER.sign(rebuilt.build(), Aws4SignerParams.builder()
                    .awsCredentials(AwsBasicCredentials.create(key.id(), key.secret()))
                    .signingName(SERVICE)
                    .signingRegion(Region.of(authorization.scopeRegion()))
                    .signingClockOverride(Clock.fixed(signedAt, ZoneOffset.UTC))
                    .build());
        } catch (RuntimeException e) {
            // A request the signer cannot even rebuild (an unknown method) cannot carry a valid signature.
            throw invalid(MISMATCH);
        }
        String computed = signed.firstMatchingHeader("Authorization").orElse("");
        int at = computed.indexOf("Signature=");
        return at < 0 ? "" : computed.substring(at + "Signature=".length()).strip();
    }

    /** The signer writes the Host header from these, leaving out the scheme's standard port as clients do. */
    private static void hostAndPort(String hostHeader, SdkHttpFullRequest.Builder request) {
        if (hostHeader == null || hostHeader.isBlank()) {
            request.host("localhost"); // no Host was sent, so none was signed either: the signature fails anyway
            return;
        }
        String host = hostHeader.strip();
        int colon = host.lastIndexOf(':');
        if (colon > 0 && colon > host.lastIndexOf(']')) {
            try {
                request.port(Integer.parseInt(host.substring(colon + 1)));
                host = host.substring(0, colon);
            } catch (NumberFormatException e) {
                // not a port: keep the whole text as the name, and let the signature decide
            }
        }
        request.host(host);
    }

    private static Map<String, List<String>> queryParameters(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String text) {
        // A plus is a plus in SigV4's canonical query (clients encode a space as %20).
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static ServiceException invalid(String message) {
        return new ServiceException("InvalidSignatureException", message, 400);
    }

    private static ServiceException unrecognized() {
        return new ServiceException("UnrecognizedClientException", "The security token included in the request is invalid.",
                400);
    }
}
