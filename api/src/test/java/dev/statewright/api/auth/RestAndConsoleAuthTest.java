package dev.statewright.api.auth;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST API and the console's data with {@code --credentials}: nothing without a key's bearer
 * token or a login's session cookie; the console's own files (code, no data) load for the login.
 */
class RestAndConsoleAuthTest {
    private static final String BEARER = "Bearer " + TestCredentials.TEAM_KEY + ":" + TestCredentials.TEAM_SECRET;
    private static final String PASS = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";

    @TempDir
    static Path directory;
    private static StatewrightService service;
    private static String base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(0)
                .withSecurity(SecuritySettings.none().withCredentialsFile(TestCredentials.write(directory))));
        base = "http://127.0.0.1:" + service.port();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void everyRestPathIsRefusedWithoutAToken() throws Exception {
        for (String path : List.of("/state-machines", "/executions", "/execution-counts", "/callbacks", "/executions/m:e",
                "/executions/m:e/history", "/state-machines/m/graph", "/no-such-path")) {
            HttpResponse<String> response = send(get(path));
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(Json.parse(response.body()).get("__type").asText()).isEqualTo("UnauthorizedException");
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"statewright\"");
        }
        HttpResponse<String> create = send(post("/state-machines?name=sneaky", PASS));
        assertThat(create.statusCode()).isEqualTo(401);
        assertThat(send(get("/state-machines").header("Authorization", BEARER)).body()).doesNotContain("sneaky");
        assertThat(send(post("/validate", PASS)).statusCode()).isEqualTo(401);
    }

    @Test
    void aKeysBearerTokenReadsAndWrites() throws Exception {
        HttpResponse<String> created = send(post("/state-machines?name=bearer", PASS).header("Authorization", BEARER));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> listed = send(get("/state-machines").header("Authorization", BEARER));
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains("bearer");
        for (String wrong : List.of("Bearer " + TestCredentials.TEAM_KEY + ":wrong", "Bearer AKIDUNKNOWN:" + TestCredentials.TEAM_SECRET,
                "Bearer " + TestCredentials.TEAM_SECRET, "Basic dXNlcjpwYXNz")) {
            HttpResponse<String> refused = send(get("/state-machines").header("Authorization", wrong));
            assertThat(refused.statusCode()).as(wrong).isEqualTo(401);
            assertThat(refused.body()).doesNotContain("bearer");
        }
    }

    @Test
    void aLoginSetsAStrictHttpOnlySessionCookieThatLogoutClears() throws Exception {
        HttpResponse<String> refused = send(post("/login", "{\"accessKeyId\":\"" + TestCredentials.TEAM_KEY
                + "\",\"secretAccessKey\":\"wrong\"}"));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();

        assertThat(send(post("/login", "{\"accessKeyId\":\"" + "x".repeat(20_000) + "\"}")).statusCode()).isEqualTo(413);
        assertThat(send(post("/login", "not json")).statusCode()).isEqualTo(400);

        HttpResponse<String> login = send(post("/login", "{\"accessKeyId\":\"" + TestCredentials.TEAM_KEY
                + "\",\"secretAccessKey\":\"" + TestCredentials.TEAM_SECRET + "\"}"));
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(SessionCookies.NAME + "=").contains("; HttpOnly", "; SameSite=Strict", "; Path=/")
                .doesNotContain("Secure"); // plain HTTP here; HttpsTest sees Secure
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertThat(send(get("/execution-counts").header("Cookie", cookie)).statusCode()).isEqualTo(200);
        String value = cookie.substring(cookie.indexOf('=') + 1);
        String forged = value.substring(0, value.lastIndexOf('.') + 1) + "AAAA" + value.substring(value.lastIndexOf('.') + 5);
        assertThat(send(get("/execution-counts").header("Cookie", SessionCookies.NAME + "=" + forged)).statusCode())
                .isEqualTo(401);
        String extended = value.replaceFirst("\\.\\d+\\.", "." + (Long.MAX_VALUE / 2) + ".");
        assertThat(send(get("/execution-counts").header("Cookie", SessionCookies.NAME + "=" + extended)).statusCode())
                .isEqualTo(401);

        HttpResponse<String> logout = send(post("/logout", ""));
        assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow()).startsWith(SessionCookies.NAME + "=;")
                .contains("Max-Age=0");
    }

    @Test
    void theConsolesFilesLoadWithoutASessionButItsDataDoesNot() throws Exception {
        assertThat(send(get("/").header("Accept", "text/html")).statusCode()).isEqualTo(200);
        assertThat(send(get("/console/app.js")).body()).contains("showLogin");
        assertThat(send(get("/executions").header("Accept", "application/json")).statusCode()).isEqualTo(401);
    }

    @Test
    void aBearerTokenIsNoSignatureForTheAwsProtocol() throws Exception {
        HttpResponse<String> response = send(post("/", "{}").header("X-Amz-Target", "AWSStepFunctions.ListStateMachines")
                .header("Content-Type", "application/x-amz-json-1.0").header("Authorization", BEARER));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.parse(response.body()).get("__type").asText()).isEqualTo("IncompleteSignatureException");
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).GET();
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
