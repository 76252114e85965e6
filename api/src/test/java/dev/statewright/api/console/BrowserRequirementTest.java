package dev.statewright.api.console;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without Chromium the browser tests skip on a developer's machine, and fail in CI. */
class BrowserRequirementTest {
    @Test
    void aMissingBrowserSkipsWithWhatToInstall() {
        assertThatThrownBy(() -> Browser.requireBrowser(false, false)).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("apt-get install -y chromium chromium-driver");
    }

    @Test
    void aMissingBrowserFailsWhenRequired() {
        assertThatThrownBy(() -> Browser.requireBrowser(false, true)).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("STATEWRIGHT_REQUIRE_BROWSER");
    }

    @Test
    void anInstalledBrowserIsUsed() {
        assertThatCode(() -> Browser.requireBrowser(true, true)).doesNotThrowAnyException();
    }
}
