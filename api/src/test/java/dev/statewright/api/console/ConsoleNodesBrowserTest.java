package dev.statewright.api.console;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.api.store.postgres.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's Nodes page in a real headless Chromium, two services on one PostgreSQL database:
 * both nodes with the executions each drives, a node's executions linked to their pages, the
 * driving node on an execution's page, and a node stopped cleanly shown gone.
 */
class ConsoleNodesBrowserTest {
    private static final String PARKED = """
            {"StartAt": "Park", "States": {"Park": {"Type": "Wait", "Seconds": 600, "End": true}}}""";

    private static final HttpClient http = HttpClient.newHttpClient();
    private static Browser browser;
    private static StatewrightService a;
    private static StatewrightService b;

    @BeforeAll
    static void start() {
        browser = Browser.open();
        String database = TestPostgres.server().newDatabase();
        a = node(database, "node-a");
        b = node(database, "node-b");
    }

    private static StatewrightService node(String database, String id) {
        ServiceConfig config = ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(1);
        return StatewrightService.start(config.withDatabase(database, config.postgres().withNodeId(id)));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    private static void post(StatewrightService node, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(201);
    }

    private static WebElement row(String nodeId) {
        return browser.find("#nodes tr[data-node='" + nodeId + "']");
    }

    @Test
    void theNodesPageListsEachNodeWithItsExecutionsAndShowsACleanStopAsGone() throws Exception {
        post(a, "/state-machines?name=parked", PARKED);
        post(a, "/state-machines/parked/executions?name=on-a-1", "{}");
        post(a, "/state-machines/parked/executions?name=on-a-2", "{}");
        post(b, "/state-machines/parked/executions?name=on-b-1", "{}");
        String base = "http://127.0.0.1:" + a.port();

        browser.openPage(base + "/#/nodes", "nodes");
        assertThat(browser.driver.findElements(By.cssSelector("#nodes tbody tr"))).hasSize(2);
        assertThat(row("node-a").getAttribute("data-status")).isEqualTo("LIVE");
        assertThat(row("node-a").findElement(By.cssSelector(".node-executions")).getText()).isEqualTo("2");
        assertThat(row("node-a").getText()).contains("(this node)", "127.0.0.1:" + a.port(), "LIVE");
        assertThat(row("node-b").findElement(By.cssSelector(".node-executions")).getText()).isEqualTo("1");
        assertThat(row("node-b").getText()).contains("127.0.0.1:" + b.port()).doesNotContain("this node");
        browser.screenshot("nodes");

        row("node-a").findElement(By.linkText("node-a")).click();
        browser.waitForReady("node");
        assertThat(browser.find("#node-header h1").getText()).isEqualTo("node-a");
        List<WebElement> executions = browser.driver.findElements(By.cssSelector("#node-executions tbody tr"));
        assertThat(executions).extracting(r -> r.getAttribute("data-execution")).containsExactly("on-a-2", "on-a-1");
        browser.screenshot("node-a");

        browser.find("#node-executions tr[data-execution='on-a-1'] a").click();
        browser.waitForReady("execution");
        // A running execution's header is redrawn as it polls: read it through waits, which look again.
        browser.waitFor(5, d -> browser.find("#execution-node").getText().equals("node-a"));
        String nodeHref = browser.waitFor(5, d -> browser.find("#execution-node a").getAttribute("href"));
        assertThat(nodeHref).endsWith("#/nodes/node-a");

        b.close(); // a clean stop: B hands its execution back, A takes it
        b = null;
        browser.openPage(base + "/#/nodes", "nodes");
        browser.waitFor(10, d -> "GONE".equals(row("node-b").getAttribute("data-status"))
                && row("node-b").findElement(By.cssSelector(".node-executions")).getText().equals("0")
                && row("node-a").findElement(By.cssSelector(".node-executions")).getText().equals("3"));
        assertThat(row("node-b").getText()).contains("GONE");
        assertThat(row("node-b").findElement(By.cssSelector(".badge")).getAttribute("title")).startsWith("stopped cleanly");
        browser.screenshot("nodes-after-a-clean-stop");
    }
}
