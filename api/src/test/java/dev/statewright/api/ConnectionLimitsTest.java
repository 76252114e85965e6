package dev.statewright.api;

import dev.statewright.api.http.ConnectionLimits;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Slow and idle clients cannot hold the service's connections: the timeouts and the connection
 * limit of {@link ConnectionLimits}, configured small so each test takes seconds, seen from raw
 * sockets. Long requests (a GetActivityTask long poll, a StartSyncExecution) are not cut.
 */
class ConnectionLimitsTest {
    private static final String PASS_AFTER_TWO_SECONDS = "{\"StartAt\": \"W\", \"States\": {"
            + "\"W\": {\"Type\": \"Wait\", \"Seconds\": 2, \"End\": true}}}";

    private static StatewrightService start(ConnectionLimits limits) {
        return StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(1)
                .withActivityPollTimeout(ofSeconds(3)).withConnectionLimits(limits));
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return socket;
    }

    /**
     * Waits up to {@code patience} for the server to end the connection (an end of stream, a reset,
     * or an answer it sends before closing); false if the connection is still open then.
     */
    private static boolean endedByServer(Socket socket, Duration patience) throws IOException {
        socket.setSoTimeout((int) patience.toMillis());
        try {
            socket.getInputStream().read();
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    @Test
    void aClientDribblingItsHeadersIsCutOffWithinTheParseTimeout() throws IOException {
        try (StatewrightService service = start(new ConnectionLimits(ofSeconds(30), ofSeconds(2), ofSeconds(30), 100));
             Socket socket = connect(service.port())) {
            byte[] request = ("GET /state-machines HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(100))
                    .getBytes(StandardCharsets.US_ASCII);
            OutputStream out = socket.getOutputStream();
            long started = System.nanoTime();
            Duration cutOff = null;
            for (int i = 0; i < request.length && cutOff == null && since(started).compareTo(ofSeconds(15)) < 0; i++) {
                try {
                    out.write(request[i]); // a header byte every second, each one keeping the connection busy
                    out.flush();
                } catch (IOException closed) {
                    cutOff = since(started);
                    break;
                }
                if (endedByServer(socket, ofSeconds(1))) {
                    cutOff = since(started);
                }
            }
            assertThat(cutOff).as("the server cut the dribbling connection off").isNotNull();
            assertThat(cutOff).as("within the parse timeout, give or take a byte's interval")
                    .isLessThan(ofSeconds(2).plusMillis(1_500));
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheNoRequestTimeout() throws IOException {
        try (StatewrightService service = start(new ConnectionLimits(ofSeconds(30), ofSeconds(30), ofSeconds(1), 100));
             Socket socket = connect(service.port())) {
            long started = System.nanoTime();
            assertThat(endedByServer(socket, ofSeconds(10))).as("closed by the server").isTrue();
            assertThat(since(started)).isLessThan(ofSeconds(3));
        }
    }

    @Test
    void aRequestBodyThatStopsArrivingIsDroppedAfterTheIdleTimeout() throws IOException {
        try (StatewrightService service = start(new ConnectionLimits(ofSeconds(1), ofSeconds(30), ofSeconds(30), 100));
             Socket socket = connect(service.port())) {
            socket.getOutputStream().write(("POST /validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"Start")
                    .getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            assertThat(endedByServer(socket, ofSeconds(10))).as("ended by the server").isTrue();
            assertThat(since(started)).isLessThan(ofSeconds(4));
        }
    }

    @Test
    void longRequestsOutliveTheIdleTimeout() throws IOException {
        try (StatewrightService service = start(new ConnectionLimits(ofSeconds(1), ofSeconds(1), ofSeconds(1), 100));
             Socket socket = connect(service.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            String host = "127.0.0.1:" + service.port();
            // One connection kept alive: a quick answer first, so the long ones start on a used connection.
            out.write(awsRequest(host, "CreateActivity", "{\"name\": \"poll-" + System.nanoTime() + "\"}"));
            RawHttp.Response activity = RawHttp.readOne(in);
            assertThat(activity.status()).as(activity.body()).isEqualTo(200);

            long polled = System.nanoTime();
            out.write(awsRequest(host, "GetActivityTask", "{\"activityArn\": \""
                    + Json.parse(activity.body()).path("activityArn").asText() + "\"}"));
            RawHttp.Response poll = RawHttp.readOne(in);
            assertThat(poll.status()).as(poll.body()).isEqualTo(200);
            assertThat(since(polled)).as("the poll waited its 3 s, three idle timeouts").isGreaterThan(ofMillis(2_500));
            assertThat(Json.parse(poll.body()).path("taskToken").asText()).isEmpty();

            out.write(awsRequest(host, "CreateStateMachine", "{\"roleArn\": \"arn:aws:iam::123456789012:role/r\", \"name\": \"sync-" + System.nanoTime()
                    + "\", \"type\": \"EXPRESS\", \"definition\": " + Json.write(Json.NODES.textNode(PASS_AFTER_TWO_SECONDS)) + "}"));
            RawHttp.Response machine = RawHttp.readOne(in);
            assertThat(machine.status()).as(machine.body()).isEqualTo(200);
            long synced = System.nanoTime();
            out.write(awsRequest(host, "StartSyncExecution", "{\"stateMachineArn\": \""
                    + Json.parse(machine.body()).path("stateMachineArn").asText() + "\"}"));
            RawHttp.Response sync = RawHttp.readOne(in);
            assertThat(sync.status()).as(sync.body()).isEqualTo(200);
            assertThat(Json.parse(sync.body()).path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(since(synced)).isGreaterThan(ofMillis(1_500));
        }
    }

    private static byte[] awsRequest(String host, String operation, String body) {
        return RawHttp.keepAlive("POST", "/", host, body, "X-Amz-Target: AWSStepFunctions." + operation,
                "Content-Type: application/x-amz-json-1.0").getBytes(StandardCharsets.UTF_8);
    }

    /** More idle connections than the limit allows, whatever the number of I/O threads it is shared by. */
    private static int crowd() {
        return 2 * Math.max(4, Runtime.getRuntime().availableProcessors());
    }

    @Test
    void idleConnectionsBeyondTheLimitDelayANewClientOnlyUntilTheyTimeOut() throws IOException {
        try (StatewrightService service = start(new ConnectionLimits(ofSeconds(1), ofSeconds(1), ofSeconds(1), 4))) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < crowd(); i++) {
                    idle.add(connect(service.port()));
                }
                long asked = System.nanoTime();
                RawHttp.Response answer = RawHttp.send(service.port(), "GET", "/state-machines", "127.0.0.1", null);
                assertThat(answer.status()).isEqualTo(200);
                assertThat(since(asked)).as("answered once idle connections timed out").isLessThan(ofSeconds(15))
                        .as("not before: every place was taken").isGreaterThan(ofMillis(500));
                // And the service keeps answering at once.
                long again = System.nanoTime();
                assertThat(RawHttp.send(service.port(), "GET", "/state-machines", "127.0.0.1", null).status()).isEqualTo(200);
                assertThat(since(again)).isLessThan(ofSeconds(1));
            } finally {
                for (Socket socket : idle) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void idleConnectionsClosedByTheirClientsFreeTheirPlaces() throws IOException {
        try (StatewrightService service = start(new ConnectionLimits(ofSeconds(30), ofSeconds(30), ofSeconds(30), 4))) {
            List<Socket> idle = new ArrayList<>();
            for (int i = 0; i < crowd(); i++) {
                idle.add(connect(service.port()));
            }
            try (Socket client = connect(service.port())) {
                client.getOutputStream().write(RawHttp.request("GET", "/state-machines", "127.0.0.1", null)
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(endedByServer(client, ofMillis(700))).as("no answer while every place is held").isFalse();
                for (Socket socket : idle) {
                    socket.close();
                }
                client.setSoTimeout(10_000);
                long freed = System.nanoTime();
                assertThat(RawHttp.read(client.getInputStream()).status()).isEqualTo(200);
                assertThat(since(freed)).as("well before the 30 s timeouts").isLessThan(ofSeconds(5));
            }
        }
    }

    @Test
    void theDefaultsAreThoseDocumented() {
        ConnectionLimits defaults = ServiceConfig.defaults().connectionLimits();
        assertThat(defaults.idleTimeout()).isEqualTo(ofSeconds(60));
        assertThat(defaults.requestParseTimeout()).isEqualTo(ofSeconds(10));
        assertThat(defaults.noRequestTimeout()).isEqualTo(ofSeconds(60));
        assertThat(defaults.maxConnections()).isBetween(64, 1000);
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new ConnectionLimits(Duration.ZERO, ofSeconds(1), ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleTimeout");
        assertThatThrownBy(() -> new ConnectionLimits(ofSeconds(1), ofSeconds(1), ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConnections");
    }
}
