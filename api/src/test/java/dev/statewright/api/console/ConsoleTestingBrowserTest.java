package dev.statewright.api.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's testing aids in a real headless Chromium: the mock test case picker and Export as test. */
@ExtendWith(SharedBrowser.class)
class ConsoleTestingBrowserTest {
    private static final String MACHINE = """
            {"StartAt": "Charge", "States": {"Charge": {"Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge", "End": true}}}""";

    @TempDir
    static Path dir;
    @AutoClose
    private static ConsoleService service;
    private static Browser browser;

    @BeforeAll
    static void start(Browser shared) throws IOException {
        browser = shared;
        Path mocks = Files.writeString(dir.resolve("mocks.json"), """
                {"StateMachines": {"checkout": {"TestCases": {"Paid": {"Charge": "ChargeOk"}}}},
                 "MockedResponses": {"ChargeOk": {"0": {"Return": {"receipt": "r-1"}}}}}
                """);
        service = new ConsoleService(mocks);
        service.createMachine("checkout", MACHINE);
        service.createMachine("plain", "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}");
    }

    @Test
    void aMockTestCaseIsPickedOnTheStartPageAndTheRunIsExportedAsATest() {
        browser.openPage(service.base + "/#/start?machine=plain", "start");
        assertThat(browser.find("#start-test-case").isDisplayed()).as("no test cases for plain").isFalse();
        new Select(browser.find("#start-machine")).selectByValue("checkout");
        browser.waitFor(5, d -> browser.find("#start-test-case").isDisplayed());
        new Select(browser.find("#start-test-case")).selectByValue("Paid");
        browser.find("#start-name").sendKeys("mocked-run");
        browser.screenshot("start-with-test-case");
        browser.find("#start-button").click();

        browser.waitForReady("execution");
        browser.waitFor(10, d -> browser.text("#execution-status").equals("SUCCEEDED"));
        assertThat(service.getJson("/executions/checkout:mocked-run").path("testCase").asText()).isEqualTo("Paid");
        browser.find("#export-test").click();
        browser.waitFor(5, d -> !browser.driver.findElements(org.openqa.selenium.By.id("exported-test")).isEmpty());
        JsonNode exported = Json.parse(browser.text("#exported-test"));
        assertThat(exported.path("expect").path("output")).isEqualTo(Json.parse("{\"receipt\": \"r-1\"}"));
        assertThat(exported.path("mockConfig").path("MockedResponses").path("Charge").path("0").path("Return"))
                .isEqualTo(Json.parse("{\"receipt\": \"r-1\"}"));
        assertThat(browser.attribute("#exported-test-download", "download")).isEqualTo("mocked-run.test.json");
        browser.screenshot("exported-test");
    }
}
