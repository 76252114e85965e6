package dev.statewright.interpreter.model;

import com.fasterxml.jackson.databind.JsonNode;

/** @param result the Result field, or null when absent (the effective input passes through) */
public record PassState(String name, DataFlow dataFlow, String next, JsonNode result) implements State {
    @Override
    public String type() {
        return "Pass";
    }
}
