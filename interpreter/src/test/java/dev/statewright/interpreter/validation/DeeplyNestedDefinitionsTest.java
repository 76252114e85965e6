package dev.statewright.interpreter.validation;

import dev.statewright.interpreter.model.DefinitionParser;
import dev.statewright.interpreter.model.InvalidDefinitionException;
import dev.statewright.interpreter.model.StateMachineType;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Definitions of a few KiB whose expressions nest deeply enough to overflow a recursive parser:
 * the validator reports them and the parser refuses them, and neither lets a StackOverflowError
 * end the thread (in the service, a request's worker). Found by ValidatorProperties.
 */
class DeeplyNestedDefinitionsTest {
    private final DefinitionValidator validator = new DefinitionValidator();

    private static String jsonataPass(int depth) {
        return "{\"StartAt\": \"S1\", \"States\": {\"S1\": {\"Type\": \"Pass\", \"QueryLanguage\": \"JSONata\", \"Output\": \"{% "
                + "(".repeat(depth) + "1" + ")".repeat(depth) + " %}\", \"End\": true}}}";
    }

    @Test
    void aJsonataExpressionNestedThreeThousandBracketsDeepIsReported() {
        ValidationReport report = onThreadOfItsOwn(() -> validator.validate(jsonataPass(3000), StateMachineType.STANDARD));

        assertThat(report.valid()).isFalse();
        assertThat(report.errors()).singleElement().satisfies(error -> {
            assertThat(error.location()).isEqualTo("/States/S1/Output");
            assertThat(error.message()).contains("nests too deeply");
        });
    }

    @Test
    void theParserRefusesItWithItsLocation() {
        Throwable thrown = onThreadOfItsOwn(() -> {
            try {
                DefinitionParser.parse(jsonataPass(3000));
                return null;
            } catch (InvalidDefinitionException e) {
                return e;
            }
        });
        assertThatThrownBy(() -> {
            throw thrown;
        }).isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("nests too deeply");
    }

    @Test
    void aJsonataExpressionNestedAHundredDeepStillCompiles() {
        assertThat(validator.validate(jsonataPass(100), StateMachineType.STANDARD).valid()).isTrue();
    }

    @Test
    void intrinsicCallsNestedThreeThousandDeepAreReported() {
        String text = "{\"StartAt\": \"S1\", \"States\": {\"S1\": {\"Type\": \"Pass\", \"Parameters\": {\"a.$\": \""
                + "States.Array(".repeat(3000) + ")".repeat(3000) + "\"}, \"End\": true}}}";
        ValidationReport report = onThreadOfItsOwn(() -> validator.validate(text, StateMachineType.STANDARD));

        assertThat(report.errors()).singleElement().satisfies(error -> assertThat(error.location()).isEqualTo("/States/S1/Parameters"));
        Throwable thrown = onThreadOfItsOwn(() -> {
            try {
                DefinitionParser.parse(text);
                return null;
            } catch (InvalidDefinitionException e) {
                return e;
            }
        });
        assertThat(thrown).isInstanceOf(InvalidDefinitionException.class);
    }

    /** On a fresh thread with the default stack, as a service worker has, so the depth that overflows is realistic. */
    private static <T> T onThreadOfItsOwn(java.util.function.Supplier<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                result.set(work.get());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(failure.get()).as("thrown on the thread").isNull();
        return result.get();
    }
}
