package dev.statewright.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Web pages cannot drive the service: not through DNS rebinding (a name of the attacker's that
 * points at 127.0.0.1), not with a cross-site request, on the AWS protocol as on the REST API.
 * Requests are written by hand so Host and Origin are exactly what a browser would send.
 */
class HostAndOriginTest {
    private static final String PASS = "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}";

    private static StatewrightService service;
    private static int port;

    @BeforeAll
    static void startService() {
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withWaitTimeScale(0), TaskHandlers.none());
        port = service.port();
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A 403 in AWS's error shape whose message says what to do. */
    private static void assertRefusedInAwsShape(RawHttp.Response response, String messagePart) {
        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(response.header("Content-Type")).isEqualTo("application/x-amz-json-1.0");
        JsonNode body = Json.parse(response.body());
        assertThat(body.path("__type").asText()).isEqualTo("AccessDeniedException");
        assertThat(response.header("x-amzn-ErrorType")).isEqualTo("AccessDeniedException");
        assertThat(body.path("message").asText()).contains(messagePart);
    }

    private static String createExpressMachine(int port, String host) throws IOException {
        String name = unique("hosts");
        RawHttp.Response created = RawHttp.aws(port, host, "CreateStateMachine", "{\"roleArn\": \"arn:aws:iam::123456789012:role/r\", \"name\": \"" + name
                + "\", \"type\": \"EXPRESS\", \"definition\": " + Json.write(Json.NODES.textNode(PASS)) + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return Json.parse(created.body()).path("stateMachineArn").asText();
    }

    @Test
    void aRebindingHostIsRefusedOnTheAwsProtocol() throws IOException {
        String arn = createExpressMachine(port, "127.0.0.1:" + port);
        String secret = "{\"stateMachineArn\": \"" + arn + "\", \"input\": \"{\\\"password\\\": \\\"hunter2\\\"}\"}";

        RawHttp.Response list = RawHttp.aws(port, "evil.example:" + port, "ListStateMachines", "{}");
        assertRefusedInAwsShape(list, "--allowed-host evil.example");
        RawHttp.Response start = RawHttp.aws(port, "evil.example:" + port, "StartExecution", secret);
        assertRefusedInAwsShape(start, "evil.example");
        RawHttp.Response create = RawHttp.aws(port, "rebind.evil.example", "CreateStateMachine",
                "{\"roleArn\": \"arn:aws:iam::123456789012:role/r\", \"name\": \"" + unique("evil") + "\", \"definition\": " + Json.write(Json.NODES.textNode(PASS)) + "}");
        assertRefusedInAwsShape(create, "rebind.evil.example");
        // A name that merely starts like an IP address is still a name (nip.io and the like resolve them).
        assertRefusedInAwsShape(RawHttp.aws(port, "127.0.0.1.nip.io:" + port, "ListStateMachines", "{}"), "127.0.0.1.nip.io");
    }

    @Test
    void aRebindingHostIsRefusedOnTheRestApiAndTheConsole() throws IOException {
        RawHttp.Response executions = RawHttp.send(port, "GET", "/executions", "evil.example:" + port, null);
        assertThat(executions.status()).isEqualTo(403);
        assertThat(Json.parse(executions.body()).path("message").asText()).contains("--allowed-host evil.example");
        assertThat(RawHttp.send(port, "GET", "/", "evil.example:" + port, null, "Accept: text/html").status()).isEqualTo(403);
    }

    @Test
    void namesOfThisMachineAndIpAddressesAreAccepted() throws IOException {
        for (String host : new String[] {"127.0.0.1:" + port, "localhost:" + port, "LocalHost", "localhost.", "console.localhost",
                "[::1]:" + port, "127.1.2.3", "10.0.0.7:" + port, "[fe80::1]"}) {
            assertThat(RawHttp.aws(port, host, "ListStateMachines", "{}").status()).as(host).isEqualTo(200);
            assertThat(RawHttp.send(port, "GET", "/state-machines", host, null).status()).as(host).isEqualTo(200);
        }
    }

    @Test
    void theSdksSyncHostPrefixIsAccepted() throws IOException {
        String arn = createExpressMachine(port, "localhost:" + port);
        RawHttp.Response sync = RawHttp.aws(port, "sync-localhost:" + port, "StartSyncExecution",
                "{\"stateMachineArn\": \"" + arn + "\", \"input\": \"{\\\"k\\\": 1}\"}");
        assertThat(sync.status()).as(sync.body()).isEqualTo(200);
        assertThat(Json.parse(sync.body()).path("status").asText()).isEqualTo("SUCCEEDED");

        RawHttp.Response tested = RawHttp.aws(port, "sync-localhost:" + port, "TestState",
                "{\"definition\": \"{\\\"Type\\\": \\\"Pass\\\", \\\"End\\\": true}\", \"input\": \"{}\"}");
        assertThat(tested.status()).as(tested.body()).isEqualTo(200);

        assertRefusedInAwsShape(RawHttp.aws(port, "sync-evil.example:" + port, "StartSyncExecution",
                "{\"stateMachineArn\": \"" + arn + "\"}"), "sync-evil.example");
    }

    @Test
    void crossSiteRequestsAreRefusedOnTheAwsProtocol() throws IOException {
        String local = "127.0.0.1:" + port;
        assertRefusedInAwsShape(RawHttp.aws(port, local, "ListStateMachines", "{}", "Origin: http://evil.example"),
                "other web sites");
        assertRefusedInAwsShape(RawHttp.aws(port, local, "ListStateMachines", "{}", "Sec-Fetch-Site: cross-site"),
                "other web sites");
        assertRefusedInAwsShape(RawHttp.aws(port, local, "ListStateMachines", "{}", "Sec-Fetch-Site: same-site"),
                "other web sites");
        assertThat(RawHttp.aws(port, local, "ListStateMachines", "{}", "Origin: http://" + local).status())
                .as("a page of the service itself").isEqualTo(200);
        assertThat(RawHttp.aws(port, local, "ListStateMachines", "{}", "Sec-Fetch-Site: same-origin").status()).isEqualTo(200);
    }

    @Test
    void originNullIsRefused() throws IOException {
        String local = "127.0.0.1:" + port;
        assertRefusedInAwsShape(RawHttp.aws(port, local, "ListStateMachines", "{}", "Origin: null"), "Origin: null");
        RawHttp.Response rest = RawHttp.send(port, "POST", "/validate", local, PASS, "Origin: null");
        assertThat(rest.status()).isEqualTo(403);
        assertThat(Json.parse(rest.body()).path("message").asText()).contains("Origin: null");
    }

    @Test
    void listeningOnEveryInterfaceStillRefusesUnknownNames() throws IOException {
        try (StatewrightService everywhere = StatewrightService.start(ServiceConfig.defaults().withHost("0.0.0.0")
                .withPort(0).withDataDirectory(null).withWaitTimeScale(0), TaskHandlers.none())) {
            int open = everywhere.port();
            assertRefusedInAwsShape(RawHttp.aws(open, "evil.example:" + open, "ListStateMachines", "{}"), "--allowed-host");
            assertThat(RawHttp.send(open, "GET", "/executions", "evil.example", null).status()).isEqualTo(403);
            assertThat(RawHttp.aws(open, "127.0.0.1:" + open, "ListStateMachines", "{}").status()).isEqualTo(200);
            assertThat(RawHttp.aws(open, "192.168.10.20:" + open, "ListStateMachines", "{}").status()).isEqualTo(200);
        }
    }

    @Test
    void namesGivenAsAllowedHostsAreAccepted() throws IOException {
        try (StatewrightService named = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withWaitTimeScale(0).withAllowedHosts(List.of("Statewright.Internal")), TaskHandlers.none())) {
            int at = named.port();
            String arn = createExpressMachine(at, "statewright.internal:" + at);
            RawHttp.Response sync = RawHttp.aws(at, "sync-statewright.internal:" + at, "StartSyncExecution",
                    "{\"stateMachineArn\": \"" + arn + "\"}");
            assertThat(sync.status()).as(sync.body()).isEqualTo(200);
            assertThat(RawHttp.send(at, "GET", "/executions", "statewright.internal", null).status()).isEqualTo(200);
            assertRefusedInAwsShape(RawHttp.aws(at, "other.internal:" + at, "ListStateMachines", "{}"), "other.internal");
        }
    }

    @Test
    void anAllowedHostOfStarAcceptsAnyName() throws IOException {
        try (StatewrightService proxied = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withWaitTimeScale(0).withAllowedHosts(List.of("*")), TaskHandlers.none())) {
            int at = proxied.port();
            assertThat(RawHttp.aws(at, "anything.example:" + at, "ListStateMachines", "{}").status()).isEqualTo(200);
            assertThat(RawHttp.send(at, "GET", "/executions", "statewright.example.com", null).status()).isEqualTo(200);
            // Cross-site requests stay refused whatever the name.
            assertRefusedInAwsShape(RawHttp.aws(at, "anything.example:" + at, "ListStateMachines", "{}", "Origin: null"),
                    "Origin: null");
        }
    }
}
