package dev.statewright.interpreter.properties;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCases;
import net.jqwik.api.ExhaustiveGenerator;
import net.jqwik.api.RandomGenerator;

import java.util.Optional;

/**
 * An arbitrary that jqwik compares by identity. jqwik's oneOf, frequencyOf and injectNull pick
 * an alternative for every value and look its generator up in a cache keyed by the arbitrary,
 * which hashes the whole graph of arbitraries below it: for the nested grammar of definitions
 * that cost tens of milliseconds per definition. Wrapped alternatives hash in constant time.
 */
public final class Shared<T> implements Arbitrary<T> {
    private final Arbitrary<T> delegate;

    private Shared(Arbitrary<T> delegate) {
        this.delegate = delegate;
    }

    public static <T> Arbitrary<T> of(Arbitrary<T> arbitrary) {
        return arbitrary instanceof Shared<T> ? arbitrary : new Shared<>(arbitrary);
    }

    @Override
    public RandomGenerator<T> generator(int genSize) {
        return delegate.generator(genSize);
    }

    @Override
    public RandomGenerator<T> generatorWithEmbeddedEdgeCases(int genSize) {
        return delegate.generatorWithEmbeddedEdgeCases(genSize);
    }

    @Override
    public Optional<ExhaustiveGenerator<T>> exhaustive(long maxNumberOfSamples) {
        return delegate.exhaustive(maxNumberOfSamples);
    }

    @Override
    public EdgeCases<T> edgeCases(int maxEdgeCases) {
        return delegate.edgeCases(maxEdgeCases);
    }

    /** Everything these generators build is a pure function of the random source. */
    @Override
    public boolean isGeneratorMemoizable() {
        return true;
    }
}
