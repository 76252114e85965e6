package dev.statewright.api.console;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The web console in a real headless Chromium: what a person does, clicked and typed. Each test
 * leaves screenshots in api/target/screenshots.
 */
@ExtendWith(SharedBrowser.class)
class ConsoleBrowserTest {
    private static final String WAITING = """
            {"StartAt": "Greet", "States": {
              "Greet": {"Type": "Pass", "Parameters": {"greeting.$": "States.Format('hello {}', $.who)"}, "Next": "Pause"},
              "Pause": {"Type": "Wait", "Seconds": 2, "Next": "Done"},
              "Done": {"Type": "Succeed"}}}""";
    private static final String RETRYING = """
            {"StartAt": "Call", "States": {"Call": {"Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:123456789012:function:missing",
              "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 2, "BackoffRate": 1}],
              "End": true}}}""";

    @AutoClose
    private static ConsoleService service;
    private static Browser browser;

    @BeforeAll
    static void start(Browser shared) {
        browser = shared;
        // Real time for Wait states, so a running execution can be watched as it finishes.
        service = new ConsoleService(1);
        service.createMachine("every-shape", ConsoleService.resource("every-shape.json"));
    }

    @Test
    void createAMachineStartAnExecutionFromTheUiAndWatchItFinish() {
        browser.openPage(service.base + "/", "machines");
        browser.find("#new-machine-name").sendKeys("greeter");
        setText(browser.find("#new-machine-definition"), WAITING);
        browser.find("#create-machine").click();
        browser.waitForReady("machine");
        assertThat(browser.text("#machine-graph [data-state='Pause']")).contains("Pause");
        browser.screenshot("machine-page");

        browser.find("#start-from-machine").click();
        browser.waitForReady("start");
        assertThat(new Select(browser.find("#start-machine")).getFirstSelectedOption().getText()).isEqualTo("greeter");
        browser.find("#start-name").sendKeys("first-run");
        WebElement input = browser.find("#start-input");
        setText(input, "{\"who\": ");
        assertThat(browser.text("#input-problem")).startsWith("Line 1, column");
        assertThat(browser.find("#start-button").isEnabled()).isFalse();
        browser.screenshot("start-invalid-input");
        setText(input, "{\"who\": \"world\"}");
        assertThat(browser.text("#input-problem")).isEqualTo("Valid JSON");
        browser.find("#start-button").click();

        browser.waitForReady("execution");
        browser.driver.executeScript("window.sameDocument = true;");
        browser.waitFor(5, d -> browser.text("#execution-status").equals("RUNNING"));
        browser.waitFor(5, d -> browser.attribute("#execution-graph [data-state='Pause']", "class").contains("status-running"));
        browser.screenshot("execution-running");
        browser.waitFor(15, d -> browser.text("#execution-status").equals("SUCCEEDED"));
        assertThat(browser.driver.executeScript("return window.sameDocument === true;"))
                .as("the page updated itself, without a reload").isEqualTo(true);
        browser.waitFor(5, d -> browser.attribute("#execution-graph [data-state='Done']", "class").contains("status-succeeded"));
        assertThat(browser.text("#execution-output")).contains("hello world");
        assertThat(browser.driver.findElements(By.cssSelector("#events tbody tr[data-event-id]"))).hasSizeGreaterThanOrEqualTo(8);
        assertThat(browser.driver.findElements(By.cssSelector("#execution-graph polyline.edge.taken"))).hasSize(4);
        assertThat(browser.driver.findElements(By.cssSelector("#timeline .visit-row"))).hasSize(3);
        browser.screenshot("execution-succeeded");

        browser.find("[data-nav='machines']").click();
        browser.waitForReady("machines");
        browser.waitFor(5, d -> browser.text("#machines tr[data-machine='greeter']").contains("succeeded 1"));
        browser.screenshot("machines");
    }

    @Test
    void aRunningExecutionIsStoppedFromItsPage() {
        service.createMachine("parked", "{\"StartAt\": \"Park\", \"States\": {\"Park\": {\"Type\": \"Wait\", \"Seconds\": 600, \"End\": true}}}");
        service.start("parked", "to-stop", "{}");
        browser.openPage(service.base + "/#/executions/parked%3Ato-stop", "execution");
        browser.waitFor(5, d -> browser.attribute("#execution-graph [data-state='Park']", "class").contains("status-running"));
        clickOnScreen("#stop-execution");
        browser.waitFor(5, d -> browser.text("#execution-status").equals("ABORTED"));
        browser.waitFor(5, d -> browser.attribute("#execution-graph [data-state='Park']", "class").contains("status-aborted"));
        assertThat(browser.driver.findElements(By.id("stop-execution"))).isEmpty();
        assertThat(service.getJson("/executions/parked:to-stop").get("status").asText()).isEqualTo("ABORTED");
        browser.screenshot("execution-stopped");
    }

    @Test
    void aStoppedExecutionIsRedrivenFromItsPage() {
        service.createMachine("redriven", "{\"StartAt\": \"Park\", \"States\": {\"Park\": {\"Type\": \"Wait\", \"Seconds\": 600, \"End\": true}}}");
        service.start("redriven", "to-redrive", "{}");
        browser.openPage(service.base + "/#/executions/redriven%3Ato-redrive", "execution");
        browser.waitFor(5, d -> browser.attribute("#execution-graph [data-state='Park']", "class").contains("status-running"));
        assertThat(browser.driver.findElements(By.id("redrive-execution"))).as("no redrive while it runs").isEmpty();
        clickOnScreen("#stop-execution");
        browser.waitFor(5, d -> browser.text("#execution-status").equals("ABORTED"));

        clickOnScreen("#redrive-execution");
        browser.waitFor(5, d -> browser.text("#execution-status").equals("RUNNING"));
        browser.waitFor(5, d -> browser.attribute("#execution-graph [data-state='Park']", "class").contains("status-running"));
        assertThat(browser.text("#execution-redrives")).startsWith("1 time");
        assertThat(service.getJson("/executions/redriven:to-redrive").get("redriveCount").asInt()).isEqualTo(1);
        browser.screenshot("execution-redriven");
        clickOnScreen("#stop-execution");
        browser.waitFor(5, d -> browser.text("#execution-status").equals("ABORTED"));
    }

    @Test
    void aFailedStateShowsItsErrorCauseAndRetries() {
        service.createMachine("retrying", RETRYING);
        service.runToEnd("retrying", "will-fail", "{\"order\": 7}");
        browser.openPage(service.base + "/#/executions/retrying%3Awill-fail", "execution");
        assertThat(browser.text("#execution-status")).isEqualTo("FAILED");
        assertThat(browser.attribute("#execution-graph [data-state='Call']", "class")).contains("status-failed");
        browser.find("#execution-graph [data-state='Call']").click();
        assertThat(browser.text("#visit-error")).isEqualTo("States.TaskFailed");
        assertThat(browser.text("#visit-cause")).contains("arn:aws:lambda:us-east-1:123456789012:function:missing");
        assertThat(browser.text("#visit-retries")).isEqualTo("2");
        assertThat(browser.driver.findElements(By.cssSelector("#visit-failures tbody tr"))).hasSize(3);
        assertThat(browser.text("#visit-input")).contains("\"order\": 7");
        browser.screenshot("failed-state");

        // Inside a Map: the failing iteration's state, and the Map that a Catch took.
        service.runToEnd("every-shape", "caught", "{\"kind\": \"batch\", \"items\": [{\"v\": 1}, {\"v\": 70}]}");
        browser.openPage(service.base + "/#/executions/every-shape%3Acaught", "execution");
        assertThat(browser.attribute("#execution-graph [data-state='FanOut']", "class")).contains("status-caught");
        assertThat(browser.attribute("#execution-graph [data-state='Single']", "class")).contains("status-none");
        browser.find("#execution-graph [data-state='TooBig']").click();
        assertThat(browser.text("#visit-error")).isEqualTo("Item.TooBig");
        assertThat(browser.text("#visit-cause")).isEqualTo("An item doubled past 100");
        browser.find("#execution-graph [data-state='Double']").click();
        new Select(browser.find("#visit-select")).selectByIndex(1);
        assertThat(browser.text("#visit-output")).contains("140");
        assertThat(browser.text("#state-details")).as("no stray text for absent parts").doesNotContain("null");
        assertThat(browser.attribute("#timeline .scope-row[data-scope='FanOut[1]']", "class")).contains("status-failed");
        assertThat(browser.attribute("#timeline .scope-row[data-scope='FanOut[0]']", "class")).contains("status-succeeded");
        assertThat(browser.driver.findElements(By.cssSelector("#timeline .visit-row"))).hasSize(10);
        WebElement raw = browser.find("#events tbody tr[data-event-id='1'] button");
        raw.click();
        assertThat(browser.text("#events tr.raw pre")).contains("\"type\": \"ExecutionStarted\"");
        browser.screenshot("caught-in-map");
    }

    @Test
    void aCaughtStateIsShownLeavingByItsCatchWhenANextJoinsTheSameStates() {
        service.createMachine("catch-beside-next", """
                {"StartAt": "Call", "States": {
                  "Call": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:missing",
                           "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "After"}], "Next": "After"},
                  "After": {"Type": "Pass", "End": true}}}""");
        service.runToEnd("catch-beside-next", "caught", "{}");
        browser.openPage(service.base + "/#/executions/catch-beside-next%3Acaught", "execution");
        browser.waitFor(5, d -> browser.attribute("#execution-graph [data-state='After']", "class").contains("status-succeeded"));
        assertThat(browser.driver.findElements(By.cssSelector("#execution-graph polyline.edge.kind-catch.taken"))).hasSize(1);
        assertThat(browser.driver.findElements(By.cssSelector("#execution-graph polyline.edge.kind-next.taken"))).isEmpty();
    }

    @Test
    void theExecutionsListFiltersByStatusAndNameAndUpdatesItself() {
        service.createMachine("lister", "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}");
        service.createMachine("lister-fails", "{\"StartAt\": \"F\", \"States\": {\"F\": {\"Type\": \"Fail\", \"Error\": \"E\"}}}");
        for (int i = 0; i < 3; i++) {
            service.runToEnd("lister", "listed-ok-" + i, "{}");
        }
        service.runToEnd("lister-fails", "listed-bad-0", "{}");
        browser.openPage(service.base + "/#/executions", "executions");
        new Select(browser.find("#status-filter")).selectByValue("FAILED");
        browser.waitFor(5, d -> rows().stream().allMatch(row -> row.getAttribute("data-status").equals("FAILED")));
        assertThat(names()).contains("listed-bad-0").doesNotContain("listed-ok-0");

        new Select(browser.find("#status-filter")).selectByValue("");
        browser.find("#name-filter").sendKeys("listed-ok");
        browser.waitFor(5, d -> names().size() == 3);
        assertThat(names()).containsExactlyInAnyOrder("listed-ok-0", "listed-ok-1", "listed-ok-2");

        service.runToEnd("lister", "listed-ok-late", "{}");
        browser.waitFor(5, d -> names().contains("listed-ok-late"));
        browser.screenshot("executions-filtered");
    }

    @Test
    void anExecutionShowsItsMapRunsProgressAndTheRunItsChildExecutions() {
        // One item at a time; item 3 waits until the test stops the execution, so the run is seen midway.
        service.createMachine("mapper", """
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items", "Label": "Each",
                  "ToleratedFailureCount": 1, "MaxConcurrency": 1,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Check", "States": {
                      "Check": {"Type": "Choice", "Choices": [
                          {"Variable": "$.fail", "BooleanEquals": true, "Next": "Boom"},
                          {"Variable": "$.slow", "BooleanEquals": true, "Next": "Slow"}],
                        "Default": "Fine"},
                      "Slow": {"Type": "Wait", "Seconds": 600, "Next": "Fine"},
                      "Boom": {"Type": "Fail", "Error": "Item.Bad", "Cause": "item 2 is bad"},
                      "Fine": {"Type": "Pass", "Parameters": {"done.$": "$.id"}, "End": true}}},
                  "End": true}}}""");
        StringBuilder items = new StringBuilder("{\"items\": [");
        for (int i = 0; i < 5; i++) {
            items.append(i == 0 ? "" : ", ").append("{\"id\": ").append(i).append(", \"fail\": ").append(i == 2)
                    .append(", \"slow\": ").append(i == 3).append("}");
        }
        service.start("mapper", "mapped", items.append("]}").toString());
        browser.openPage(service.base + "/#/executions/mapper%3Amapped", "execution");
        browser.driver.executeScript("window.sameDocument = true;");
        browser.waitFor(10, d -> count("running").equals("1") && count("succeeded").equals("2"));
        String status = browser.waitFor(5, d -> mapRunCard().getAttribute("data-status"));
        assertThat(status).isEqualTo("RUNNING");
        assertThat(counts()).containsExactly("1", "1", "2", "1", "0", "5");
        browser.screenshot("map-run-running");
        clickOnScreen("#stop-execution");
        browser.waitFor(10, d -> mapRunCard().getAttribute("data-status").equals("ABORTED"));
        assertThat(browser.driver.executeScript("return window.sameDocument === true;"))
                .as("the page updated itself, without a reload").isEqualTo(true);
        assertThat(counts()).containsExactly("1", "0", "2", "1", "1", "5");
        int whole = browser.waitFor(5, d -> mapRunCard().findElement(By.cssSelector(".progress")).getSize().getWidth());
        assertThat(barWidth("succeeded")).isCloseTo(whole * 2 / 5, org.assertj.core.data.Offset.offset(2));
        assertThat(barWidth("failed")).isCloseTo(whole / 5, org.assertj.core.data.Offset.offset(2));
        assertThat(barWidth("aborted")).isCloseTo(whole / 5, org.assertj.core.data.Offset.offset(2));
        browser.screenshot("map-run-stopped");

        mapRunCard().findElement(By.cssSelector("h3 a")).click();
        browser.waitForReady("map-run");
        browser.waitFor(5, d -> children().size() == 4);
        assertThat(children()).extracting(row -> row.getAttribute("data-child")).containsExactly("3", "2", "1", "0");
        assertThat(children()).extracting(row -> row.getAttribute("data-status"))
                .containsExactly("ABORTED", "FAILED", "SUCCEEDED", "SUCCEEDED");
        new Select(browser.find("#child-status-filter")).selectByValue("FAILED");
        browser.waitFor(5, d -> children().size() == 1);
        assertThat(children().get(0).getAttribute("data-child")).isEqualTo("2");
        browser.screenshot("map-run-children");

        children().get(0).findElement(By.cssSelector("a")).click();
        browser.waitForReady("child");
        assertThat(browser.text("#child-status")).isEqualTo("FAILED");
        assertThat(browser.text("#child-error")).contains("Item.Bad").contains("item 2 is bad");
        assertThat(browser.text("#child-input")).contains("\"fail\": true");
        assertThat(browser.text("#child-output")).isEqualTo("\u2014");
        browser.screenshot("map-run-child");

        browser.find("#child-map-run").click();
        browser.waitForReady("map-run");
        browser.waitFor(5, d -> children().size() == 4);
        children().get(2).findElement(By.cssSelector("a")).click();
        browser.waitForReady("child");
        assertThat(browser.text("#child-status")).isEqualTo("SUCCEEDED");
        assertThat(browser.text("#child-output")).contains("\"done\": 1");
    }

    /** Clicks what is on screen: a running execution's header is redrawn by each poll, so a button found may be gone. */
    private static void clickOnScreen(String css) {
        browser.waitFor(5, d -> {
            browser.find(css).click();
            return true;
        });
    }

    private static WebElement mapRunCard() {
        return browser.find("#map-runs .map-run[data-map-run='Each']");
    }

    private static String count(String which) {
        return mapRunCard().findElement(By.cssSelector(".count-" + which)).getText();
    }

    /** The card's counts, read again should a poll redraw the card meanwhile. */
    private static List<String> counts() {
        return browser.waitFor(5, d -> List.of(count("pending"), count("running"), count("succeeded"), count("failed"),
                count("aborted"), count("total")));
    }

    /** How wide a part of the progress bar is drawn, in pixels. */
    private static int barWidth(String part) {
        return browser.waitFor(5, d -> mapRunCard().findElement(By.cssSelector(".progress-" + part)).getSize().getWidth());
    }

    private static List<WebElement> children() {
        return browser.driver.findElements(By.cssSelector("#children tbody tr[data-child]"));
    }

    @Test
    void userDataIsShownAsTextNeverRunAsMarkup() {
        String name = "<img src=x onerror=alert(1)>";
        service.createMachine("escapes", "{\"StartAt\": \"" + name + "\", \"States\": {\"" + name
                + "\": {\"Type\": \"Pass\", \"End\": true}}}");
        service.runToEnd("escapes", "e1", "{\"html\": \"<script>alert(2)</script>\"}");
        browser.openPage(service.base + "/#/executions/escapes%3Ae1", "execution");
        browser.find("#execution-graph [data-state]").click();
        assertThat(browser.text("#selected-state")).isEqualTo(name);
        assertThat(browser.text("#visit-input")).contains("<script>alert(2)</script>");
        assertThat(browser.driver.findElements(By.cssSelector("main img, main script"))).isEmpty();
        assertThatThrownBy(() -> browser.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        browser.screenshot("escaped-user-data");
    }

    @Test
    void validationShowsEachDiagnosticAtItsLine() {
        browser.openPage(service.base + "/#/validate", "validate");
        setText(browser.find("#validate-definition"), "{\"StartAt\": \"A\", \"States\": {\n"
                + "  \"A\": {\"Type\": \"Pass\",\n"
                + "    \"Next\": \"Nowhere\"}}}");
        browser.find("#validate-button").click();
        browser.waitFor(5, d -> !d.findElements(By.cssSelector("#diagnostics li")).isEmpty());
        assertThat(browser.text("#validate-summary")).endsWith("problems");
        assertThat(browser.driver.findElements(By.cssSelector("#diagnostics li")))
                .anySatisfy(item -> assertThat(item.getText()).contains("3:5").contains("Nowhere"));
        assertThat(browser.attribute("#validate-lines .line[data-line='3']", "class")).contains("has-problem");
        assertThat(browser.attribute("#validate-lines .line[data-line='2']", "class")).doesNotContain("has-problem");
        browser.screenshot("validate");
    }

    @Test
    void aMachineWithEveryShapeIsDrawnAsNestedGroups() {
        browser.openPage(service.base + "/#/machines/every-shape", "machine");
        assertThat(browser.driver.findElements(By.cssSelector("#machine-graph .group.kind-branch"))).hasSize(2);
        org.openqa.selenium.Rectangle map = browser.find("#machine-graph .group[data-state='FanOut'] rect").getRect();
        org.openqa.selenium.Rectangle inner = browser.find("#machine-graph [data-state='Double'] rect").getRect();
        assertThat(inner.x).isGreaterThan(map.x);
        assertThat(inner.y).isGreaterThan(map.y);
        assertThat(inner.x + inner.width).isLessThan(map.x + map.width);
        assertThat(inner.y + inner.height).isLessThan(map.y + map.height);
        assertThat(browser.driver.findElements(By.cssSelector("#machine-graph .edge-label.kind-catch"))).hasSize(2);
        assertThat(browser.driver.findElements(By.cssSelector("#machine-graph .mark.start"))).hasSize(4);
        browser.screenshot("machine-every-shape");
    }

    /**
     * What keeps a long history's page quick (how quick is the benchmarks' business, not a test's):
     * it draws a window of 100 events and one graph of the machine, so its page holds no more
     * elements than a short run's page of the same machine, whatever the history's length.
     */
    @Test
    void anExecutionWithTenThousandEventsDrawsABoundedPage() {
        service.createMachine("big", """
                {"StartAt": "Each", "States": {
                  "Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 50, "ItemProcessor": {
                    "StartAt": "Square", "States": {
                      "Square": {"Type": "Pass", "Parameters": {"n.$": "$"}, "Next": "Keep"},
                      "Keep": {"Type": "Pass", "End": true}}},
                    "ResultSelector": {"count.$": "States.ArrayLength($)"}, "End": true}}}""");
        String items = java.util.stream.IntStream.rangeClosed(1, 2000).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(",", "{\"items\": [", "]}"));
        JsonNode done = service.runToEnd("big", "ten-thousand", items);
        assertThat(done.get("status").asText()).isEqualTo("SUCCEEDED");
        int events = 0;
        String token = "";
        do { // the history comes a page (1000 events) at a time
            JsonNode page = service.getJson("/executions/big:ten-thousand/history" + (token.isEmpty() ? ""
                    : "?nextToken=" + token));
            events += page.get("events").size();
            token = page.path("nextToken").isTextual() ? page.get("nextToken").asText() : "";
        } while (!token.isEmpty());
        assertThat(events).isGreaterThanOrEqualTo(10_000);

        String few = java.util.stream.IntStream.rangeClosed(1, 200).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(",", "{\"items\": [", "]}"));
        assertThat(service.runToEnd("big", "few", few).get("status").asText()).isEqualTo("SUCCEEDED");
        long fewElements = drawnElements("big%3Afew");

        long started = System.nanoTime();
        long elements = drawnElements("big%3Aten-thousand");
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("console: the page of an execution with " + events + " history events rendered in " + millis
                + " ms, " + elements + " elements (" + fewElements + " for one of 200 items)");
        browser.screenshot("execution-ten-thousand-events");
        assertThat(browser.driver.findElements(By.cssSelector("#events tbody tr[data-event-id]"))).as("event rows drawn").hasSize(100);
        assertThat(elements).as("elements on the page of %d events, against one of 200 items", events).isLessThanOrEqualTo(fewElements);
        assertThat(browser.attribute("#execution-graph [data-state='Keep']", "class")).contains("status-succeeded");
        assertThat(browser.text("#events-count")).startsWith("100 events shown");
        browser.find("#more-events").click();
        browser.waitFor(5, d -> d.findElements(By.cssSelector("#events tbody tr[data-event-id]")).size() == 600);
    }

    /** Opens an execution's page once its events and graph are drawn; returns how many elements the page holds. */
    private static long drawnElements(String execution) {
        browser.openPage(service.base + "/#/machines", "machines"); // a page away, so the next one is drawn afresh
        browser.driver.get(service.base + "/#/executions/" + execution);
        browser.waitForReady("execution");
        browser.waitFor(10, d -> !d.findElements(By.cssSelector("#events tbody tr[data-event-id]")).isEmpty()
                && !d.findElements(By.cssSelector("#execution-graph [data-state='Keep']")).isEmpty());
        return (Long) browser.driver.executeScript("return document.getElementsByTagName('*').length;");
    }

    private static List<WebElement> rows() {
        return browser.driver.findElements(By.cssSelector("#executions tbody tr[data-execution]"));
    }

    private static List<String> names() {
        return rows().stream().map(row -> row.getAttribute("data-execution")).toList();
    }

    /** Replaces a text field's content as typing would (input events fire). */
    private static void setText(WebElement field, String text) {
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        field.sendKeys(text);
    }
}
