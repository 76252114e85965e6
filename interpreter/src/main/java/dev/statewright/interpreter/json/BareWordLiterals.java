package dev.statewright.interpreter.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Quotes the bare words that deployed AWS workflows compare with in JSONPath filters, so that
 * {@code $.items[?(@.code == es)]} reads as {@code $.items[?(@.code == 'es')]}.
 *
 * <p>AWS accepts such a filter and matches the word as a string: its JSONPath is Jayway's, of a
 * version before 2.1, whose filter parser kept an operand that was neither a path, a quoted string
 * nor a regex as plain text. Jayway since 2.1 refuses the word. Only a word that stands alone on
 * one side of a comparison ({@code == != < <= > >=}) is quoted; numbers, {@code true},
 * {@code false}, {@code null}, paths, regexes and JSON literals keep their meaning, and anything
 * malformed is left as written for Jayway to refuse.
 */
final class BareWordLiterals {
    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", "<=", ">", ">=");
    private static final Set<String> KEYWORDS = Set.of("true", "false", "null");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
    /** Characters that end a word: blanks, quotes, parentheses, operators. */
    private static final String WORD_ENDS = "()'\"=!<>&|";

    private BareWordLiterals() {
    }

    /** The path with every bare word of its filters quoted; the path itself when it has none. */
    static String quote(String path) {
        if (!path.contains("?(")) {
            return path; // no filter: nearly every path
        }
        StringBuilder quoted = new StringBuilder(path.length() + 8);
        int copied = 0;
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '\'' || c == '"') {
                i = endOfString(path, i); // a quoted name may hold "?(" as text
                continue;
            }
            if (c == '?' && i + 1 < path.length() && path.charAt(i + 1) == '(') {
                int open = i + 1;
                int close = closingParenthesis(path, open);
                if (close < 0) {
                    break; // unbalanced: Jayway's to refuse
                }
                quoted.append(path, copied, open + 1);
                quoted.append(quoteFilter(path.substring(open + 1, close)));
                copied = close;
                i = close;
                continue;
            }
            i++;
        }
        if (copied == 0) {
            return path;
        }
        return quoted.append(path, copied, path.length()).toString();
    }

    /** One filter's expression, between its outer parentheses. */
    private static String quoteFilter(String filter) {
        List<Token> tokens = tokens(filter);
        StringBuilder out = new StringBuilder(filter.length() + 8);
        int copied = 0;
        for (int t = 0; t < tokens.size(); t++) {
            Token token = tokens.get(t);
            if (token.kind == Kind.WORD && isBareWord(token.text(filter)) && standsAloneInAComparison(tokens, t, filter)) {
                out.append(filter, copied, token.start).append('\'')
                        .append(token.text(filter).replace("\\", "\\\\")).append('\'');
                copied = token.end;
            }
        }
        return copied == 0 ? filter : out.append(filter, copied, filter.length()).toString();
    }

    private static boolean isBareWord(String word) {
        return !KEYWORDS.contains(word) && !NUMBER.matcher(word).matches();
    }

    /**
     * Whether the word is a whole operand of a comparison: an operator on one side and, on the
     * other, the end of the expression, a parenthesis or a logical operator.
     */
    private static boolean standsAloneInAComparison(List<Token> tokens, int t, String filter) {
        Token before = t > 0 ? tokens.get(t - 1) : null;
        Token after = t + 1 < tokens.size() ? tokens.get(t + 1) : null;
        if (isComparison(after, filter)) {
            return before == null || before.kind == Kind.OPEN || before.kind == Kind.LOGICAL;
        }
        if (isComparison(before, filter)) {
            return after == null || after.kind == Kind.CLOSE || after.kind == Kind.LOGICAL;
        }
        return false;
    }

    private static boolean isComparison(Token token, String filter) {
        return token != null && token.kind == Kind.OPERATOR && COMPARISONS.contains(token.text(filter));
    }

    private enum Kind { STRING, PATH, OPERATOR, LOGICAL, OPEN, CLOSE, BRACKETED, REGEX, WORD }

    private record Token(Kind kind, int start, int end) {
        String text(String filter) {
            return filter.substring(start, end);
        }
    }

    /** The filter's tokens, blanks left out. */
    private static List<Token> tokens(String filter) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < filter.length()) {
            char c = filter.charAt(i);
            int start = i;
            Kind kind;
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            } else if (c == '\'' || c == '"') {
                kind = Kind.STRING;
                i = endOfString(filter, i);
            } else if (c == '@' || c == '$') {
                kind = Kind.PATH;
                i = endOfPath(filter, i);
            } else if (c == '(' || c == ')') {
                kind = c == '(' ? Kind.OPEN : Kind.CLOSE;
                i++;
            } else if (c == '&' || c == '|') {
                kind = Kind.LOGICAL;
                i = endOfRun(filter, i, "&|");
            } else if ("=!<>~".indexOf(c) >= 0) {
                kind = Kind.OPERATOR;
                i = endOfRun(filter, i, "=!<>~");
            } else if (c == '[' || c == '{') {
                kind = Kind.BRACKETED;
                i = endOfBracketed(filter, i);
            } else if (c == '/' && endOfRegex(filter, i) > 0) {
                kind = Kind.REGEX;
                i = endOfRegex(filter, i);
            } else {
                kind = Kind.WORD;
                while (i < filter.length() && !Character.isWhitespace(filter.charAt(i))
                        && WORD_ENDS.indexOf(filter.charAt(i)) < 0) {
                    i++;
                }
            }
            tokens.add(new Token(kind, start, i));
        }
        return tokens;
    }

    /** Past the closing quote of the string opening at {@code start}, or the end of the text. */
    private static int endOfString(String text, int start) {
        char quote = text.charAt(start);
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i + 1;
            }
        }
        return text.length();
    }

    /** The index of the parenthesis closing the one at {@code open}, outside strings; -1 if none. */
    private static int closingParenthesis(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                i = endOfString(text, i) - 1;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** A path ({@code @.a['b c'][0].length()}) runs to a blank, an operator or an unmatched ')'. */
    private static int endOfPath(String filter, int start) {
        int depth = 0;
        int i = start;
        while (i < filter.length()) {
            char c = filter.charAt(i);
            if (c == '\'' || c == '"') {
                i = endOfString(filter, i);
                continue;
            }
            if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (depth == 0 && (Character.isWhitespace(c) || "=!<>&|~".indexOf(c) >= 0)) {
                break;
            }
            i++;
        }
        return i;
    }

    private static int endOfRun(String filter, int start, String characters) {
        int i = start;
        while (i < filter.length() && characters.indexOf(filter.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    private static int endOfBracketed(String filter, int start) {
        int depth = 0;
        for (int i = start; i < filter.length(); i++) {
            char c = filter.charAt(i);
            if (c == '\'' || c == '"') {
                i = endOfString(filter, i) - 1;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if ((c == ']' || c == '}') && --depth == 0) {
                return i + 1;
            }
        }
        return filter.length();
    }

    /**
     * The end of a regex ({@code /^es$/i}) opening at {@code start}, or -1 when the slash does not
     * open a whole one: {@code /eggs/cooked/like} is a bare word, as AWS reads it.
     */
    private static int endOfRegex(String filter, int start) {
        int i = start + 1;
        while (i < filter.length() && filter.charAt(i) != '/') {
            i += filter.charAt(i) == '\\' ? 2 : 1;
        }
        if (i >= filter.length()) {
            return -1;
        }
        i++;
        while (i < filter.length() && Character.isLetter(filter.charAt(i))) {
            i++; // flags
        }
        boolean ends = i == filter.length() || Character.isWhitespace(filter.charAt(i)) || ")&|".indexOf(filter.charAt(i)) >= 0;
        return ends ? i : -1;
    }
}
