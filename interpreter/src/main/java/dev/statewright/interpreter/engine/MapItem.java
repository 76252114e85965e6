package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** The item a Map iteration works on, as {@code $$.Map.Item} shows it. */
record MapItem(int index, JsonNode value) {
}
