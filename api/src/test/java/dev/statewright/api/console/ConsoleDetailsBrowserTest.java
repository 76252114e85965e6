package dev.statewright.api.console;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's views beside AWS's, in a real headless Chromium: a table of state visits, a
 * state's own definition, events filtered by type with their details inline, times with their
 * zone, and validation diagnostics that lead to their line.
 */
@ExtendWith(SharedBrowser.class)
class ConsoleDetailsBrowserTest {
    private static final String NESTED = """
            {"StartAt": "Both", "States": {
              "Both": {"Type": "Parallel", "End": true, "Branches": [
                {"StartAt": "Call", "States": {"Call": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:missing",
                  "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 2}],
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recover"}], "End": true},
                  "Recover": {"Type": "Pass", "Result": "recovered", "End": true}}},
                {"StartAt": "Other", "States": {"Other": {"Type": "Pass", "End": true}}}]}}}""";

    @AutoClose
    private static ConsoleService service;
    private static Browser browser;

    @BeforeAll
    static void start(Browser shared) {
        browser = shared;
        service = new ConsoleService(0);
        service.createMachine("nested", NESTED);
    }

    @Test
    void visitsTableDefinitionEventFilterAndTimeZones() {
        JsonNode ended = service.runToEnd("nested", "looked-at", "{}");
        assertThat(ended.path("status").asText()).isEqualTo("SUCCEEDED");
        int visits = service.getJson("/executions/nested:looked-at/states").path("states").size();
        browser.openPage(service.base + "/#/executions/nested%3Alooked-at", "execution");

        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#visits tbody tr"));
        assertThat(rows).hasSize(visits);
        WebElement call = rows.stream().filter(r -> r.getText().contains("Call")).findFirst().orElseThrow();
        assertThat(call.getText()).contains("caught", "Both[branch 1]");
        call.click();
        browser.waitFor(5, d -> browser.text("#selected-state").equals("Call"));
        assertThat(browser.text("#visit-retries")).isEqualTo("2");
        browser.find("#visit-definition-block summary").click();
        assertThat(browser.text("#visit-definition")).contains("\"Type\": \"Task\"", "\"Next\": \"Recover\"");
        assertThat(browser.text("#execution-header")).containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} UTC([+-]\\d\\d:\\d\\d)?");

        new Select(browser.find("#events-type-filter")).selectByValue("LambdaFunctionFailed");
        List<WebElement> shown = browser.driver.findElements(By.cssSelector("#events tbody tr[data-event-id]")).stream()
                .filter(WebElement::isDisplayed).toList();
        assertThat(shown).hasSize(3).allSatisfy(row -> {
            assertThat(row.getAttribute("data-type")).isEqualTo("LambdaFunctionFailed");
            assertThat(row.findElement(By.cssSelector(".event-details")).getText()).startsWith("States.TaskFailed");
        });
        new Select(browser.find("#events-type-filter")).selectByValue("");
        assertThat(browser.driver.findElements(By.cssSelector("#events tbody tr[data-event-id]")).stream()
                .filter(WebElement::isDisplayed).count()).isGreaterThan(10);
        browser.screenshot("visits-and-filtered-events");
    }

    @Test
    void aDiagnosticLeadsToItsLine() {
        browser.openPage(service.base + "/#/validate", "validate");
        WebElement editor = browser.find("#validate-definition");
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        String text = "{\"StartAt\": \"A\", \"States\": {\n  \"A\": {\"Type\": \"Pass\",\n    \"Next\": \"Nowhere\"}}}";
        editor.sendKeys(text);
        browser.find("#validate-button").click();
        browser.waitFor(5, d -> !d.findElements(By.cssSelector("#diagnostics li[data-line='3']")).isEmpty());
        browser.waitFor(5, d -> {
            try {
                d.findElement(By.cssSelector("#diagnostics li[data-line='3']")).click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
                return false; // the check that typing started answered after the click's: try the new list
            }
        });
        long expected = text.indexOf("\"Next\"");
        assertThat(browser.driver.executeScript("return document.getElementById('validate-definition').selectionStart;"))
                .isEqualTo(expected);
        assertThat(browser.attribute("#validate-lines .line.current", "data-line")).isEqualTo("3");
        browser.screenshot("diagnostic-clicked");
    }

    @Test
    void aMachineIsEditedAndDeletedFromItsPage() {
        service.createMachine("editable", "{\"StartAt\": \"First\", \"States\": {\"First\": {\"Type\": \"Pass\", \"End\": true}}}");
        browser.openPage(service.base + "/#/machines/editable", "machine");
        browser.find("#edit-machine").click();
        WebElement editor = browser.find("#edit-definition");
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        editor.sendKeys("{\"StartAt\": \"First\", \"States\": {\"First\": {\"Type\": \"Pass\", \"Next\": \"Nowhere\"}}}");
        browser.find("#save-machine").click();
        browser.waitFor(5, d -> browser.find("#edit-error").isDisplayed());
        assertThat(browser.text("#edit-error")).startsWith("InvalidDefinition").contains("Nowhere");

        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        editor.sendKeys("{\"StartAt\": \"First\", \"States\": {\"First\": {\"Type\": \"Pass\", \"Next\": \"Second\"},"
                + " \"Second\": {\"Type\": \"Succeed\"}}}");
        browser.find("#save-machine").click();
        browser.waitFor(5, d -> !d.findElements(By.cssSelector("#machine-graph [data-state='Second']")).isEmpty());
        assertThat(service.getJson("/state-machines/editable").path("definition").asText()).contains("Second");
        browser.screenshot("machine-edited");

        browser.find("#delete-machine").click();
        browser.find("#confirm-delete").click();
        browser.waitForReady("machines");
        assertThat(service.getJson("/state-machines/editable").path("__type").asText()).contains("StateMachineDoesNotExist");
    }
}
