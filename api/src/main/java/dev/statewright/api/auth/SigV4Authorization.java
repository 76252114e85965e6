package dev.statewright.api.auth;

import dev.statewright.api.service.ServiceException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a SigV4 Authorization header:
 * {@code AWS4-HMAC-SHA256 Credential=KEY/DATE/REGION/SERVICE/aws4_request, SignedHeaders=a;b, Signature=HEX}.
 * A header without them is AWS's IncompleteSignatureException, worded as AWS words it.
 */
record SigV4Authorization(String accessKeyId, String scopeDate, String scopeRegion, String scopeService,
                          String scopeTerminator, List<String> signedHeaders, String signature) {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";

    static SigV4Authorization parse(String header) {
        String value = header.strip();
        if (!value.startsWith(ALGORITHM + " ")) {
            throw incomplete("Authorization header must start with the algorithm " + ALGORITHM + " (only AWS Signature"
                    + " Version 4 is accepted). Authorization=" + header);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String part : value.substring(ALGORITHM.length()).split(",")) {
            String pair = part.strip();
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals < 0) {
                throw incomplete("'" + pair + "' not a valid key=value pair (missing equal-sign) in Authorization header: '"
                        + header + "'.");
            }
            parameters.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
        }
        List<String> missing = new ArrayList<>();
        for (String name : List.of("Credential", "Signature", "SignedHeaders")) {
            if (parameters.getOrDefault(name, "").isEmpty()) {
                missing.add("Authorization header requires '" + name + "' parameter.");
            }
        }
        if (!missing.isEmpty()) {
            throw incomplete(String.join(" ", missing) + " Authorization=" + header);
        }
        String[] credential = parameters.get("Credential").split("/", -1);
        if (credential.length != 5 || credential[0].isEmpty()) {
            throw incomplete("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term,"
                    + " got '" + parameters.get("Credential") + "'");
        }
        String signature = parameters.get("Signature");
        if (!signature.matches("[0-9a-f]{64}")) {
            throw incomplete("Signature must be 64 lower-case hexadecimal digits (an HMAC-SHA256), got '" + signature + "'");
        }
        List<String> signed = List.of(parameters.get("SignedHeaders").split(";"));
        return new SigV4Authorization(credential[0], credential[1], credential[2], credential[3], credential[4], signed,
                signature);
    }

    static ServiceException incomplete(String message) {
        return new ServiceException("IncompleteSignatureException", message, 400);
    }
}
