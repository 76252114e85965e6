package dev.statewright.api.console;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.api.auth.SecuritySettings;
import dev.statewright.api.auth.TestCredentials;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Cookie;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The console of a service run with --credentials, in a real headless Chromium: log in, look, log out. */
@ExtendWith(SharedBrowser.class)
class ConsoleLoginBrowserTest {
    @TempDir
    static Path directory;
    private static Browser browser;
    @AutoClose
    private static StatewrightService service;

    @BeforeAll
    static void start(Browser shared) {
        browser = shared;
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(0)
                .withSecurity(SecuritySettings.none().withCredentialsFile(TestCredentials.write(directory))));
    }

    @Test
    void theConsoleAsksForAKeyThenShowsTheServiceUntilLogout() {
        String base = "http://127.0.0.1:" + service.port() + "/";
        browser.openPage(base + "#/executions", "login");
        browser.find("#login-key").sendKeys(TestCredentials.TEAM_KEY);
        browser.find("#login-secret").sendKeys("not the secret");
        browser.find("#login-button").click();
        browser.waitFor(5, d -> !browser.text("#login-problem").isEmpty());
        assertThat(browser.text("#login-problem")).contains("Unknown access key");
        browser.screenshot("login-refused");

        browser.find("#login-secret").clear();
        browser.find("#login-secret").sendKeys(TestCredentials.TEAM_SECRET);
        browser.find("#login-button").click();
        browser.waitForReady("executions"); // the page first asked for
        Cookie session = browser.driver.manage().getCookieNamed("statewright-session");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat(browser.driver.executeScript("return document.cookie;")).isEqualTo("");
        browser.screenshot("logged-in");

        browser.find("#logout-link").click();
        browser.waitForReady("login");
        browser.openPage(base + "#/", "login"); // the session is gone: a reload asks again
    }
}
