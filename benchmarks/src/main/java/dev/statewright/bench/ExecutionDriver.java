package dev.statewright.bench;

import com.fasterxml.jackson.databind.JsonNode;

/** Runs one execution of a prepared machine to its successful end and gives its output. */
@FunctionalInterface
public interface ExecutionDriver {
    JsonNode execute() throws Exception;
}
