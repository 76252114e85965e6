package dev.statewright.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.service.ServiceException;
import dev.statewright.interpreter.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the members of an AWS JSON request, with AWS's ValidationException for missing or wrong-typed ones. */
final class RequestFields {
    private final JsonNode body;

    RequestFields(JsonNode body) {
        this.body = body;
    }

    String required(String member) {
        String value = optional(member);
        if (value == null) {
            throw ServiceException.validation("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    String optional(String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(member, "a string");
        }
        return value.textValue();
    }

    Integer optionalInt(String member, int min, int max) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw wrongType(member, "an integer");
        }
        long number = value.longValue();
        if (number < min || number > max) {
            throw ServiceException.validation("1 validation error detected: Value '" + number + "' at '" + member
                    + "' failed to satisfy constraint: Member must have value between " + min + " and " + max);
        }
        return (int) number;
    }

    Long optionalLong(String member, long min, long max) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrongType(member, "an integer");
        }
        long number = value.longValue();
        if (number < min || number > max) {
            throw ServiceException.validation("1 validation error detected: Value '" + number + "' at '" + member
                    + "' failed to satisfy constraint: Member must have value between " + min + " and " + max);
        }
        return number;
    }

    /** A number member (AWS's Float and Double), within [min, max]. */
    Double optionalNumber(String member, double min, double max) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw wrongType(member, "a number");
        }
        double number = value.doubleValue();
        if (!(number >= min && number <= max)) {
            throw ServiceException.validation("1 validation error detected: Value '" + value.asText() + "' at '" + member
                    + "' failed to satisfy constraint: Member must have value between " + min + " and " + max);
        }
        return number;
    }

    boolean flag(String member, boolean byDefault) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return byDefault;
        }
        if (!value.isBoolean()) {
            throw wrongType(member, "a boolean");
        }
        return value.booleanValue();
    }

    /** A member that must be one of an enum's names. */
    <E extends Enum<E>> E optionalEnum(String member, Class<E> type) {
        String value = optional(member);
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name());
        }
        throw ServiceException.validation("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: Member must satisfy enum value set: " + names);
    }

    /** AWS's tag list: [{"key": ..., "value": ...}]. */
    Map<String, String> tags(String member) {
        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode list = body.get(member);
        if (list == null || list.isNull()) {
            return tags;
        }
        if (!list.isArray()) {
            throw wrongType(member, "a list of tags");
        }
        for (JsonNode tag : list) {
            if (!tag.path("key").isTextual()) {
                throw ServiceException.validation("Each tag needs a string key");
            }
            tags.put(tag.get("key").asText(), tag.path("value").asText(""));
        }
        return tags;
    }

    List<String> strings(String member) {
        JsonNode list = body.get(member);
        if (list == null || !list.isArray()) {
            throw ServiceException.validation("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        List<String> values = new ArrayList<>();
        list.forEach(item -> values.add(item.asText()));
        return values;
    }

    /** A list member, or null when absent. */
    JsonNode list(String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw wrongType(member, "a list");
        }
        return value;
    }

    /** A structure member as its JSON text, or null when absent (kept as given; its rules are checked elsewhere). */
    String objectText(String member) {
        JsonNode value = object(member);
        return value == null ? null : Json.write(value);
    }

    /** A structure member, or null when absent. */
    JsonNode object(String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw wrongType(member, "a structure");
        }
        return value;
    }

    private static ServiceException wrongType(String member, String what) {
        return new ServiceException("SerializationException", "The member '" + member + "' must be " + what);
    }
}
