package dev.statewright.api.integrations;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON written as Python's {@code json.dumps} writes it ({@code ", "} and {@code ": "}
 * separators, non-ASCII escaped): AWS passes the causes of Python Lambda functions on in this form.
 */
final class PythonJson {
    private static final ObjectMapper ASCII = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private PythonJson() {
    }

    static String dumps(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            out.append('{');
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            boolean first = true;
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.append(first ? "" : ", ").append(scalar(ASCII.getNodeFactory().textNode(field.getKey()))).append(": ");
                write(field.getValue(), out);
                first = false;
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                out.append(i == 0 ? "" : ", ");
                write(node.get(i), out);
            }
            out.append(']');
        } else {
            out.append(scalar(node));
        }
    }

    private static String scalar(JsonNode node) {
        try (StringWriter writer = new StringWriter(); JsonGenerator generator = ASCII.getFactory().createGenerator(writer)) {
            ASCII.writeTree(generator, node);
            generator.flush();
            return writer.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
