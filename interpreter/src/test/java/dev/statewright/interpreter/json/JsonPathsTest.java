package dev.statewright.interpreter.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Field-chain paths are read without Jayway; what they give must be what Jayway gives. */
class JsonPathsTest {
    private static final JsonNode DOCUMENT = Json.parse("""
            {"value": 42, "name": "n", "big": 12345678901234567890, "pi": 3.25, "nothing": null,
             "nested": {"deep": {"list": [1, {"x": true}], "empty": {}}}, "list": [{"a": 1}, {"a": 2}],
             "with space": 1, "_under_1": "u"}
            """);
    private static final Configuration JAYWAY = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
            .mappingProvider(new JacksonMappingProvider(Json.MAPPER)).build();

    @ParameterizedTest
    @ValueSource(strings = {"$.value", "$.name", "$.big", "$.pi", "$.nested", "$.nested.deep", "$.nested.deep.list",
            "$.nested.deep.empty", "$.list", "$._under_1", "$.nothing", "$.list[1].a", "$.nested.deep.list[1].x",
            "$['with space']", "$.list[*].a", "$..a"})
    void readsWhatJaywayReads(String path) {
        Object jayway = JsonPath.compile(path).read(DOCUMENT, JAYWAY);
        JsonNode expected = jayway instanceof JsonNode node ? node : Json.MAPPER.valueToTree(jayway);
        assertThat(Json.write(JsonPaths.read(path, DOCUMENT))).isEqualTo(Json.write(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"$.missing", "$.value.below", "$.nested.missing.deeper", "$.list.a", "$.nested..",
            "$.nested."})
    void aMissIsJaywaysMiss(String path) {
        assertThatThrownBy(() -> JsonPaths.read(path, DOCUMENT))
                .isInstanceOfAny(JsonPaths.PathNotFound.class, IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"$.missing", "$.value.below", "$.nested.missing"})
    void aMissKeepsJaywaysMessage(String path) {
        String jaywayMessage = null;
        try {
            JsonPath.compile(path).read(DOCUMENT, JAYWAY);
        } catch (RuntimeException e) {
            jaywayMessage = e.getMessage();
        }
        assertThat(jaywayMessage).isNotNull();
        assertThatThrownBy(() -> JsonPaths.read(path, DOCUMENT)).isInstanceOf(JsonPaths.PathNotFound.class)
                .hasMessage(jaywayMessage);
    }
}
