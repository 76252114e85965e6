package dev.statewright.interpreter.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A Map. {@code itemSelector} is ItemSelector or the legacy Parameters; {@code processor} is
 * ItemProcessor or the legacy Iterator. Limits each have a literal and a path form, null where
 * absent. {@code itemReader}, {@code itemBatcher} and {@code resultWriter} are kept as written (null
 * where absent): the engine resolves their paths or expressions when the Map starts, and a service
 * reads the items and writes the results.
 */
public record MapState(
        String name,
        DataFlow dataFlow,
        String next,
        StateMachine processor,
        ProcessorMode mode,
        String itemsPath,
        PayloadTemplate itemSelector,
        Integer maxConcurrency,
        String maxConcurrencyPath,
        Double toleratedFailurePercentage,
        String toleratedFailurePercentagePath,
        Integer toleratedFailureCount,
        String toleratedFailureCountPath,
        String label,
        JsonNode itemReader,
        JsonNode itemBatcher,
        JsonNode resultWriter,
        List<Retrier> retry,
        List<Catcher> catchers) implements State, Recoverable {

    public enum ProcessorMode { INLINE, DISTRIBUTED }

    @Override
    public String type() {
        return "Map";
    }
}
