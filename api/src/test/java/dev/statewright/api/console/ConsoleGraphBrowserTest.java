package dev.statewright.api.console;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.WheelInput;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The graph beside AWS's, in a real headless Chromium: the wheel zooms around the pointer,
 * dragging pans, "+", "-" and "Fit" work, a long Map title is shown whole, and a Choice edge
 * shows its rule in words with the whole rule in its tooltip.
 */
@ExtendWith(SharedBrowser.class)
class ConsoleGraphBrowserTest {
    private static final String MAP = "Process every order item one by one";
    private static final String DEFINITION = """
            {"StartAt": "Decide", "States": {
              "Decide": {"Type": "Choice", "Choices": [
                {"Variable": "$.x", "NumericGreaterThan": 3, "Next": "%s"},
                {"Or": [{"Variable": "$.order.customer.country", "StringEquals": "Germany"},
                        {"Variable": "$.order.customer.country", "StringEquals": "Austria"}], "Next": "Nearby"}],
                "Default": "Small"},
              "%s": {"Type": "Map", "ItemsPath": "$.items", "End": true,
                "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "One",
                  "States": {"One": {"Type": "Pass", "End": true}}}},
              "Nearby": {"Type": "Pass", "End": true},
              "Small": {"Type": "Pass", "End": true}}}""".formatted(MAP, MAP);

    @AutoClose
    private static ConsoleService service;
    private static Browser browser;

    @BeforeAll
    static void start(Browser shared) {
        browser = shared;
        service = new ConsoleService(0);
        service.createMachine("zoomed", DEFINITION);
    }

    @Test
    void wheelZoomsAroundThePointerDragPansAndFitShowsAll() {
        browser.openPage(service.base + "/#/machines/zoomed", "machine");
        WebElement svg = browser.find("#machine-graph svg.graph");
        double[] fit = viewBox(svg);
        assertThat(wholeDrawingIn(fit)).isTrue();

        new Actions(browser.driver).scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(svg), 0, -300).perform();
        double[] zoomed = browser.waitFor(5, d -> {
            double[] now = viewBox(svg);
            return now[2] < fit[2] - 1 ? now : null;
        });
        // The wheel turned over the middle of the drawing, so the middle stays where it was.
        assertThat(zoomed[0] + zoomed[2] / 2).isCloseTo(fit[0] + fit[2] / 2, within(2.0));
        assertThat(zoomed[1] + zoomed[3] / 2).isCloseTo(fit[1] + fit[3] / 2, within(2.0));
        assertThat(wholeDrawingIn(zoomed)).isFalse();

        new Actions(browser.driver).moveToElement(svg).clickAndHold().moveByOffset(60, 40).moveByOffset(60, 40)
                .release().perform();
        double[] panned = viewBox(svg);
        assertThat(panned[0]).isLessThan(zoomed[0] - 10);
        assertThat(panned[1]).isLessThan(zoomed[1] - 10);
        assertThat(panned[2]).isEqualTo(zoomed[2]);

        browser.find("#graph-zoom-out").click();
        assertThat(viewBox(svg)[2]).isCloseTo(panned[2] * 1.25, within(0.5));
        browser.find("#graph-zoom-in").click();
        assertThat(viewBox(svg)[2]).isCloseTo(panned[2], within(0.5));
        browser.find("#graph-fit").click();
        assertThat(viewBox(svg)).containsExactly(fit);
        browser.screenshot("graph-fit");
    }

    @Test
    void aLongMapTitleIsWholeAndChoiceEdgesShowTheirRules() {
        browser.openPage(service.base + "/#/machines/zoomed", "machine");
        WebElement group = browser.find("#machine-graph .group[data-state='" + MAP + "']");
        WebElement title = group.findElement(By.cssSelector(".group-title"));
        assertThat(browser.driver.executeScript("return arguments[0].textContent;", title)).isEqualTo(MAP + "  \u00b7  Map");
        Number textWidth = (Number) browser.driver.executeScript("return arguments[0].getComputedTextLength();", title);
        Number frameWidth = (Number) browser.driver.executeScript("return arguments[0].width.baseVal.value;",
                group.findElement(By.cssSelector("rect")));
        assertThat(textWidth.doubleValue() + 10).isLessThanOrEqualTo(frameWidth.doubleValue());

        WebElement toMap = browser.find("#machine-graph .edge-label[data-target='" + MAP + "']");
        assertThat(toMap.getText()).isEqualTo("$.x > 3");
        WebElement nearby = browser.find("#machine-graph .edge-label[data-target='Nearby']");
        String full = "($.order.customer.country == \"Germany\" or $.order.customer.country == \"Austria\")";
        assertThat(nearby.getText()).endsWith("\u2026").startsWith(full.substring(0, 20));
        assertThat(browser.driver.executeScript("return arguments[0].querySelector('title').textContent;", nearby))
                .isEqualTo(full);
        browser.screenshot("graph-titles-and-rules");
    }

    @Test
    void aZoomedExecutionGraphStaysZoomedWhenAStateIsSelected() {
        service.runToEnd("zoomed", "small-one", "{\"x\": 1}");
        browser.openPage(service.base + "/#/executions/zoomed%3Asmall-one", "execution");
        browser.find("#graph-zoom-in").click();
        double[] zoomed = viewBox(browser.find("svg.graph"));
        browser.find("svg.graph .state[data-state='Small']").click();
        browser.waitFor(5, d -> browser.text("#selected-state").equals("Small"));
        // The view box read back from the DOM is in single precision.
        assertThat(viewBox(browser.find("svg.graph"))).containsExactly(zoomed, within(0.01));
    }

    private static double[] viewBox(WebElement svg) {
        return Arrays.stream(svg.getDomAttribute("viewBox").trim().split("[\\s,]+")).mapToDouble(Double::parseDouble).toArray();
    }

    /** Whether every state and frame of the drawing lies within the view box. */
    private static boolean wholeDrawingIn(double[] box) {
        @SuppressWarnings("unchecked")
        List<List<Number>> shapes = (List<List<Number>>) browser.driver.executeScript("""
                return [...document.querySelectorAll('svg.graph .state > rect, svg.graph .group > rect')].map(r =>
                  [r.x.baseVal.value, r.y.baseVal.value, r.width.baseVal.value, r.height.baseVal.value]);""");
        assertThat(shapes).isNotEmpty();
        return shapes.stream().allMatch(s -> s.get(0).doubleValue() >= box[0] && s.get(1).doubleValue() >= box[1]
                && s.get(0).doubleValue() + s.get(2).doubleValue() <= box[0] + box[2]
                && s.get(1).doubleValue() + s.get(3).doubleValue() <= box[1] + box[3]);
    }
}
