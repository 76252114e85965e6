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
    static final int MAX_ARN = 256;
    static final int MAX_TAG_KEY = 128;
    static final int MAX_TAG_VALUE = 256;

    private final JsonNode body;

    RequestFields(JsonNode body) {
        this.body = body;
    }

    String required(String member) {
        String value = optional(member);
        if (value == null) {
            throw MemberConstraints.missing(member);
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
        if (!value.canConvertToLong()) {
            throw wrongType(member, "an integer");
        }
        long number = value.longValue();
        if (number > max) {
            throw MemberConstraints.tooLarge(member, number, max);
        }
        if (number < min) {
            throw MemberConstraints.tooSmall(member, number, min);
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
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name());
        }
        String value = optionalOneOf(member, names);
        return value == null ? null : Enum.valueOf(type, value);
    }

    /**
     * A member that must be one of the model's values, listed in a refusal in the order given (the
     * order AWS's own message lists them in, where known).
     */
    String optionalOneOf(String member, List<String> values) {
        String value = optional(member);
        if (value != null && !values.contains(value)) {
            throw MemberConstraints.notInEnum(member, value, values);
        }
        return value;
    }

    /** A required ARN member: 1 to 256 characters (the model's Arn). */
    String arn(String member) {
        return MemberConstraints.lengthWithin(member, required(member), false, 1, MAX_ARN);
    }

    /** An optional ARN member, or null. */
    String optionalArn(String member) {
        return MemberConstraints.lengthWithin(member, optional(member), false, 1, MAX_ARN);
    }

    /** An optional string member of at most {@code max} characters; a sensitive one is not echoed when refused. */
    String optional(String member, int max, boolean sensitive) {
        return MemberConstraints.lengthWithin(member, optional(member), sensitive, 0, max);
    }

    /** A page token: 1 to {@code max} characters (1024 in most lists, 3096 in ListExecutions). */
    String nextToken(int max) {
        return MemberConstraints.lengthWithin("nextToken", optional("nextToken"), false, 1, max);
    }

    /**
     * AWS's tag list: [{"key": ..., "value": ...}], a key of 1 to 128 characters and a value of 0 to
     * 256 (an absent value is empty). Later tags with the same key win, as on AWS.
     */
    Map<String, String> tags(String member) {
        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode list = body.get(member);
        if (list == null || list.isNull()) {
            return tags;
        }
        if (!list.isArray()) {
            throw wrongType(member, "a list of tags");
        }
        int place = 0;
        for (JsonNode tag : list) {
            String path = member + "." + ++place + ".member";
            if (!tag.isObject()) {
                throw wrongType(path, "a tag");
            }
            JsonNode key = tag.get("key");
            JsonNode value = tag.get("value");
            if (key == null || key.isNull()) {
                throw MemberConstraints.missing(path + ".key");
            }
            if (!key.isTextual()) {
                throw wrongType(path + ".key", "a string");
            }
            if (value != null && !value.isNull() && !value.isTextual()) {
                throw wrongType(path + ".value", "a string");
            }
            String text = value == null || value.isNull() ? "" : value.textValue();
            tags.put(MemberConstraints.lengthWithin(path + ".key", key.textValue(), false, 1, MAX_TAG_KEY),
                    MemberConstraints.lengthWithin(path + ".value", text, false, 0, MAX_TAG_VALUE));
        }
        return tags;
    }

    /** A tag list the operation requires (TagResource's). */
    Map<String, String> requiredTags(String member) {
        JsonNode list = body.get(member);
        if (list == null || list.isNull()) {
            throw MemberConstraints.missing(member);
        }
        return tags(member);
    }

    /** A required list of tag keys, each of 1 to 128 characters. */
    List<String> strings(String member) {
        JsonNode list = body.get(member);
        if (list == null || list.isNull()) {
            throw MemberConstraints.missing(member);
        }
        if (!list.isArray()) {
            throw wrongType(member, "a list of strings");
        }
        List<String> values = new ArrayList<>();
        int place = 0;
        for (JsonNode item : list) {
            String path = member + "." + ++place + ".member";
            if (!item.isTextual()) {
                throw wrongType(path, "a string");
            }
            values.add(MemberConstraints.lengthWithin(path, item.textValue(), false, 1, MAX_TAG_KEY));
        }
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

    /** AWS's answer to a member of the wrong JSON type: the protocol cannot read it. */
    static ServiceException wrongType(String member, String what) {
        return new ServiceException("SerializationException", "The member '" + member + "' must be " + what);
    }
}
