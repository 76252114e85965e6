package dev.statewright.api.console;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One headless Chromium for every browser test class of the run (starting one takes seconds): a
 * class that extends with this gets it as a {@link Browser} parameter of its {@code @BeforeAll}.
 * It is closed when the run ends. Each class starts from a blank page with no cookies, so what one
 * class did (a login) does not carry over; each class's service has a port, so an origin, of its own.
 */
final class SharedBrowser implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedBrowser.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Browser browser = browser(context);
        browser.driver.get("about:blank");
        browser.driver.manage().deleteAllCookies();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Browser.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return browser(context);
    }

    private static Browser browser(ExtensionContext context) {
        // In the root context's store: made by the first class that asks, closed (AutoCloseable) after the last.
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Browser.class, key -> Browser.open(), Browser.class);
    }
}
