package dev.statewright.interpreter.intrinsic;

import dev.statewright.interpreter.json.Json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the text of an intrinsic function call, for example
 * {@code States.Format('Hello, {}', States.ArrayGetItem($.names, 0))}.
 *
 * <p>String literals are single-quoted; inside them a backslash escapes {@code ' { } \}.
 */
public final class IntrinsicParser {
    /**
     * How deeply calls may nest in one another. The parser and the evaluation recurse once per
     * level; without a bound a definition of some KiB ({@code States.Array(} three thousand times)
     * overflowed the stack of the thread validating it. No workflow nests calls this deep.
     */
    public static final int MAX_NESTING = 100;

    private final String text;
    private int position;
    private int nesting;

    private IntrinsicParser(String text) {
        this.text = text;
    }

    /** Whether a {@code .$} value is an intrinsic call rather than a path. */
    public static boolean looksLikeCall(String text) {
        return text.startsWith("States.");
    }

    /**
     * Parses one whole call.
     *
     * @throws IntrinsicSyntaxException with a message that says where the text went wrong
     */
    public static IntrinsicExpression.Call parse(String text) {
        IntrinsicParser parser = new IntrinsicParser(text);
        parser.skipSpaces();
        IntrinsicExpression.Call call = parser.call();
        parser.skipSpaces();
        if (parser.position != text.length()) {
            throw parser.error("unexpected text after the call");
        }
        return call;
    }

    private IntrinsicExpression.Call call() {
        if (++nesting > MAX_NESTING) {
            throw error("calls nested more than " + MAX_NESTING + " deep");
        }
        int start = position;
        while (position < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '.')) {
            position++;
        }
        String name = text.substring(start, position);
        if (!name.startsWith("States.") || name.length() == "States.".length()) {
            throw error("expected a function name such as States.Format");
        }
        skipSpaces();
        expect('(');
        List<IntrinsicExpression> arguments = new ArrayList<>();
        skipSpaces();
        if (peek() != ')') {
            do {
                skipSpaces();
                arguments.add(argument());
                skipSpaces();
            } while (consume(','));
        }
        expect(')');
        nesting--;
        return new IntrinsicExpression.Call(name, arguments);
    }

    private IntrinsicExpression argument() {
        char c = peek();
        if (c == '\'') {
            int start = position;
            String value = string();
            String template = text.substring(start + 1, position - 1).replace("\\'", "'");
            return new IntrinsicExpression.Literal(Json.NODES.textNode(value), template);
        }
        if (c == '$') {
            return new IntrinsicExpression.Path(path());
        }
        if (c == '-' || Character.isDigit(c)) {
            return new IntrinsicExpression.Literal(number());
        }
        if (text.startsWith("States.", position)) {
            return call();
        }
        if (matchWord("true")) {
            return new IntrinsicExpression.Literal(Json.NODES.booleanNode(true));
        }
        if (matchWord("false")) {
            return new IntrinsicExpression.Literal(Json.NODES.booleanNode(false));
        }
        if (matchWord("null")) {
            return new IntrinsicExpression.Literal(Json.NODES.nullNode());
        }
        throw error("expected an argument: a 'string', a number, true, false, null, a path or a call");
    }

    private String string() {
        expect('\'');
        StringBuilder value = new StringBuilder();
        while (true) {
            if (position >= text.length()) {
                throw error("unterminated string literal");
            }
            char c = text.charAt(position++);
            if (c == '\'') {
                return value.toString();
            }
            if (c == '\\') {
                if (position >= text.length()) {
                    throw error("unterminated escape sequence");
                }
                char escaped = text.charAt(position++);
                if (escaped != '\'' && escaped != '{' && escaped != '}' && escaped != '\\') {
                    throw error("illegal escape sequence \\" + escaped);
                }
                value.append(escaped);
            } else {
                value.append(c);
            }
        }
    }

    /** A path runs to the next comma or closing parenthesis outside brackets and quotes. */
    private String path() {
        int start = position;
        int depth = 0;
        char quote = 0;
        while (position < text.length()) {
            char c = text.charAt(position);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || (c == ')' && depth > 0)) {
                depth--;
            } else if (depth == 0 && (c == ',' || c == ')')) {
                break;
            }
            position++;
        }
        return text.substring(start, position).trim();
    }

    private com.fasterxml.jackson.databind.JsonNode number() {
        int start = position;
        if (peek() == '-') {
            position++;
        }
        while (position < text.length() && (Character.isDigit(peek()) || peek() == '.' || peek() == 'e'
                || peek() == 'E' || ((peek() == '+' || peek() == '-') && isExponent(position - 1)))) {
            position++;
        }
        String literal = text.substring(start, position);
        try {
            BigDecimal decimal = new BigDecimal(literal);
            if (literal.contains(".") || literal.contains("e") || literal.contains("E")) {
                return Json.NODES.numberNode(decimal);
            }
            BigInteger integer = decimal.toBigIntegerExact();
            return integer.bitLength() < 32 ? Json.NODES.numberNode(integer.intValue())
                    : integer.bitLength() < 64 ? Json.NODES.numberNode(integer.longValue())
                    : Json.NODES.numberNode(integer);
        } catch (NumberFormatException | ArithmeticException e) {
            throw error("malformed number " + literal);
        }
    }

    private boolean isExponent(int index) {
        return index >= 0 && (text.charAt(index) == 'e' || text.charAt(index) == 'E');
    }

    private boolean matchWord(String word) {
        if (text.startsWith(word, position)) {
            int end = position + word.length();
            if (end == text.length() || !Character.isLetterOrDigit(text.charAt(end))) {
                position = end;
                return true;
            }
        }
        return false;
    }

    private char peek() {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    private boolean consume(char c) {
        if (peek() == c) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!consume(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private void skipSpaces() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private IntrinsicSyntaxException error(String message) {
        return new IntrinsicSyntaxException(
                "Invalid intrinsic function " + text + ": " + message + " at position " + position);
    }

    /** The text is not a well-formed intrinsic function call. */
    public static final class IntrinsicSyntaxException extends IllegalArgumentException {
        public IntrinsicSyntaxException(String message) {
            super(message);
        }
    }
}
