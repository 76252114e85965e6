package dev.statewright.api.integrations.awssdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.SdkBuilder;

import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * JSON to the AWS SDK's request objects and its response objects back to JSON, through the SDK's
 * own model metadata ({@link SdkPojo#sdkFields()}): no code per service or action. Members are
 * named in PascalCase as Step Functions names them (the model's member name with its first letter
 * in upper case); a member the model does not have is refused, naming it, as AWS refuses it.
 */
final class SdkJson {
    private SdkJson() {
    }

    /** Fills a request (or any structure) builder from a JSON object; {@code where} names it in errors. */
    static SdkPojo fill(SdkPojo builder, JsonNode json, String where) {
        if (!json.isObject()) {
            throw invalid(where, "must be an object, not " + json.getNodeType().name().toLowerCase());
        }
        Map<String, SdkField<?>> fields = new LinkedHashMap<>();
        for (SdkField<?> field : builder.sdkFields()) {
            fields.put(name(field), field);
        }
        Iterator<Map.Entry<String, JsonNode>> members = json.fields();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            SdkField<?> field = fields.get(member.getKey());
            if (field == null) {
                throw invalid(where, "has no member '" + member.getKey() + "'; its members are " + fields.keySet());
            }
            if (member.getValue().isNull()) {
                continue;
            }
            set(field, builder, value(field, member.getValue(), where + "." + member.getKey()));
        }
        return builder;
    }

    @SuppressWarnings("unchecked")
    private static <T> void set(SdkField<T> field, Object builder, Object value) {
        field.set(builder, (T) value);
    }

    private static Object value(SdkField<?> field, JsonNode json, String where) {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.SDK_POJO) {
            return build(fill(field.constructor().get(), json, where));
        }
        if (type == MarshallingType.LIST) {
            if (!json.isArray()) {
                throw invalid(where, "must be a list");
            }
            SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < json.size(); i++) {
                list.add(value(member, json.get(i), where + "[" + i + "]"));
            }
            return list;
        }
        if (type == MarshallingType.MAP) {
            if (!json.isObject()) {
                throw invalid(where, "must be an object");
            }
            SdkField<?> member = field.getTrait(MapTrait.class).valueFieldInfo();
            Map<String, Object> map = new LinkedHashMap<>();
            json.fields().forEachRemaining(e -> map.put(e.getKey(), value(member, e.getValue(), where + "." + e.getKey())));
            return map;
        }
        return scalar(type, json, where);
    }

    private static Object scalar(MarshallingType<?> type, JsonNode json, String where) {
        try {
            if (type == MarshallingType.STRING) {
                // A structure given where the model wants text (a message body, a policy) is sent as its JSON text.
                return json.isTextual() ? json.textValue() : Json.write(json);
            }
            if (type == MarshallingType.INTEGER) {
                return number(json, where).intValueExact();
            }
            if (type == MarshallingType.LONG) {
                return number(json, where).longValueExact();
            }
            if (type == MarshallingType.SHORT) {
                return number(json, where).shortValueExact();
            }
            if (type == MarshallingType.BYTE) {
                return number(json, where).byteValueExact();
            }
            if (type == MarshallingType.DOUBLE) {
                return number(json, where).doubleValue();
            }
            if (type == MarshallingType.FLOAT) {
                return number(json, where).floatValue();
            }
            if (type == MarshallingType.BIG_DECIMAL) {
                return number(json, where);
            }
            if (type == MarshallingType.BOOLEAN) {
                if (!json.isBoolean()) {
                    throw invalid(where, "must be a boolean");
                }
                return json.booleanValue();
            }
            if (type == MarshallingType.INSTANT) {
                return json.isNumber() ? Instant.ofEpochMilli(json.decimalValue().movePointRight(3).longValue())
                        : Instant.parse(json.asText());
            }
            if (type == MarshallingType.SDK_BYTES) {
                // Text is sent as its UTF-8 bytes, as Step Functions does for a blob given as a string.
                return SdkBytes.fromUtf8String(json.isTextual() ? json.textValue() : Json.write(json));
            }
            if (type == MarshallingType.DOCUMENT) {
                return document(json);
            }
        } catch (ArithmeticException e) {
            throw invalid(where, "is out of range for its type: " + json);
        } catch (DateTimeParseException e) {
            throw invalid(where, "must be a timestamp (ISO 8601) or epoch seconds: " + json);
        }
        throw invalid(where, "has a type this integration cannot send (" + type + ")");
    }

    private static BigDecimal number(JsonNode json, String where) {
        if (json.isNumber()) {
            return json.decimalValue();
        }
        if (json.isTextual()) {
            try {
                return new BigDecimal(json.textValue());
            } catch (NumberFormatException e) {
                throw invalid(where, "must be a number, not '" + json.textValue() + "'");
            }
        }
        throw invalid(where, "must be a number");
    }

    private static Document document(JsonNode json) {
        if (json.isObject()) {
            Map<String, Document> map = new LinkedHashMap<>();
            json.fields().forEachRemaining(e -> map.put(e.getKey(), document(e.getValue())));
            return Document.fromMap(map);
        }
        if (json.isArray()) {
            List<Document> list = new ArrayList<>();
            json.forEach(item -> list.add(document(item)));
            return Document.fromList(list);
        }
        if (json.isNumber()) {
            return Document.fromNumber(json.decimalValue());
        }
        if (json.isBoolean()) {
            return Document.fromBoolean(json.booleanValue());
        }
        return json.isNull() ? Document.fromNull() : Document.fromString(json.asText());
    }

    static Object build(SdkPojo builder) {
        return ((SdkBuilder<?, ?>) builder).build();
    }

    // ---- responses ----

    /** A response (or any structure) as JSON: members that are set, in PascalCase; unset and auto-made empty ones left out. */
    static ObjectNode toJson(SdkPojo pojo) {
        ObjectNode node = Json.object();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            if (value == null || value instanceof SdkAutoConstructList || value instanceof SdkAutoConstructMap) {
                continue;
            }
            node.set(name(field), json(field, value));
        }
        return node;
    }

    private static JsonNode json(SdkField<?> field, Object value) {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.SDK_POJO) {
            return toJson((SdkPojo) value);
        }
        if (type == MarshallingType.LIST) {
            SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
            ArrayNode list = Json.MAPPER.createArrayNode();
            for (Object item : (List<?>) value) {
                list.add(item == null ? JsonNodeFactory.instance.nullNode() : json(member, item));
            }
            return list;
        }
        if (type == MarshallingType.MAP) {
            SdkField<?> member = field.getTrait(MapTrait.class).valueFieldInfo();
            ObjectNode map = Json.object();
            ((Map<?, ?>) value).forEach((key, item) -> map.set(String.valueOf(key),
                    item == null ? JsonNodeFactory.instance.nullNode() : json(member, item)));
            return map;
        }
        return scalarJson(value);
    }

    static JsonNode scalarJson(Object value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (value instanceof String text) {
            return nodes.textNode(text);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return nodes.numberNode(((Number) value).intValue());
        }
        if (value instanceof Long number) {
            return nodes.numberNode(number);
        }
        if (value instanceof Double number) {
            return nodes.numberNode(number);
        }
        if (value instanceof Float number) {
            return nodes.numberNode(number);
        }
        if (value instanceof BigDecimal number) {
            return nodes.numberNode(number);
        }
        if (value instanceof Boolean flag) {
            return nodes.booleanNode(flag);
        }
        if (value instanceof Instant instant) {
            return nodes.textNode(instant.toString());
        }
        if (value instanceof SdkBytes bytes) {
            return nodes.textNode(text(bytes.asByteArray()));
        }
        if (value instanceof Document document) {
            return Json.parse(document.toString());
        }
        return nodes.textNode(String.valueOf(value));
    }

    /** Bytes as text: UTF-8 when they are, else Base64 (a JSON string cannot hold raw bytes). */
    static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return java.util.Base64.getEncoder().encodeToString(bytes);
        }
    }

    /**
     * The member's name as the service's model has it: a body member's wire name (DynamoDB's
     * {@code NULL}, which the SDK calls {@code NUL}); a header, query or path member's model name
     * (its wire name is the header's).
     */
    private static String name(SdkField<?> field) {
        boolean inBody = field.location() == MarshallLocation.PAYLOAD && field.locationName() != null;
        return pascal(inBody ? field.locationName() : field.memberName());
    }

    static String pascal(String memberName) {
        return memberName.isEmpty() ? memberName : Character.toUpperCase(memberName.charAt(0)) + memberName.substring(1);
    }

    private static StatesException invalid(String where, String why) {
        return new StatesException(StatesErrors.RUNTIME, "The parameter " + where + " " + why);
    }

    /** A builder's supplier, for tests and callers that start from a request class. */
    static Supplier<SdkPojo> builderOf(Class<?> requestClass) {
        return () -> {
            try {
                return (SdkPojo) requestClass.getMethod("builder").invoke(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("The SDK class " + requestClass.getName() + " has no builder()", e);
            }
        };
    }
}
