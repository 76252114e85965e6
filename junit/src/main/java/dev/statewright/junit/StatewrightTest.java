package dev.statewright.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class whose tests take a {@link Workflows} parameter: an in-process engine on a
 * virtual clock, for state machines with mocked tasks. Check runs with {@link WorkflowAssertions}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(StatewrightExtension.class)
public @interface StatewrightTest {
}
