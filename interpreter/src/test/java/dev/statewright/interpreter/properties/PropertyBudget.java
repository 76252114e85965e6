package dev.statewright.interpreter.properties;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyAttributes;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * How many tries the property classes run, and from which seed. By default (CI) each property
 * runs the tries its {@code @Property} names, from one fixed seed, so a run repeats the last one
 * exactly and the whole set stays within its minute. To search harder, scale the tries up and
 * let the seeds be random:
 *
 * <pre>
 * mvn -B -o verify -pl interpreter,api -Dtest='*Properties' -Dsurefire.failIfNoSpecifiedTests=false -Dproperties.scale=20
 * </pre>
 *
 * and replay a failure with the seed jqwik reported: {@code -Dproperties.seed=<seed>}.
 * Surefire hands {@code -D} properties of the Maven command line to the test JVM.
 */
public final class PropertyBudget implements AroundPropertyHook {
    /** The seed of CI runs: any fixed number will do, what matters is that it does not change by itself. */
    public static final String CI_SEED = "20261203";

    /** Added to a class, it applies to the properties in it. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        PropertyAttributes attributes = context.attributes();
        double scale = Double.parseDouble(System.getProperty("properties.scale", "1"));
        if (scale != 1) {
            // An @Example runs once, whatever the scale.
            attributes.tries().filter(tries -> tries > 1)
                    .ifPresent(tries -> attributes.setTries((int) Math.max(1, Math.round(tries * scale))));
        }
        String seed = System.getProperty("properties.seed");
        if (seed != null && !seed.isBlank()) {
            attributes.setSeed(seed.strip());
        } else if (scale == 1) {
            attributes.setSeed(CI_SEED);
        }
        return property.execute();
    }
}
