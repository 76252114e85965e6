package dev.statewright.interpreter.model;

import java.util.HashMap;
import java.util.Map;

/** The comparison operators of Choice rules, each with its ASL name. */
public enum ComparisonOperator {
    STRING_EQUALS(Kind.STRING, Test.EQ, false),
    STRING_EQUALS_PATH(Kind.STRING, Test.EQ, true),
    STRING_LESS_THAN(Kind.STRING, Test.LT, false),
    STRING_LESS_THAN_PATH(Kind.STRING, Test.LT, true),
    STRING_GREATER_THAN(Kind.STRING, Test.GT, false),
    STRING_GREATER_THAN_PATH(Kind.STRING, Test.GT, true),
    STRING_LESS_THAN_EQUALS(Kind.STRING, Test.LE, false),
    STRING_LESS_THAN_EQUALS_PATH(Kind.STRING, Test.LE, true),
    STRING_GREATER_THAN_EQUALS(Kind.STRING, Test.GE, false),
    STRING_GREATER_THAN_EQUALS_PATH(Kind.STRING, Test.GE, true),
    STRING_MATCHES(Kind.STRING, Test.MATCHES, false),
    NUMERIC_EQUALS(Kind.NUMERIC, Test.EQ, false),
    NUMERIC_EQUALS_PATH(Kind.NUMERIC, Test.EQ, true),
    NUMERIC_LESS_THAN(Kind.NUMERIC, Test.LT, false),
    NUMERIC_LESS_THAN_PATH(Kind.NUMERIC, Test.LT, true),
    NUMERIC_GREATER_THAN(Kind.NUMERIC, Test.GT, false),
    NUMERIC_GREATER_THAN_PATH(Kind.NUMERIC, Test.GT, true),
    NUMERIC_LESS_THAN_EQUALS(Kind.NUMERIC, Test.LE, false),
    NUMERIC_LESS_THAN_EQUALS_PATH(Kind.NUMERIC, Test.LE, true),
    NUMERIC_GREATER_THAN_EQUALS(Kind.NUMERIC, Test.GE, false),
    NUMERIC_GREATER_THAN_EQUALS_PATH(Kind.NUMERIC, Test.GE, true),
    BOOLEAN_EQUALS(Kind.BOOLEAN, Test.EQ, false),
    BOOLEAN_EQUALS_PATH(Kind.BOOLEAN, Test.EQ, true),
    TIMESTAMP_EQUALS(Kind.TIMESTAMP, Test.EQ, false),
    TIMESTAMP_EQUALS_PATH(Kind.TIMESTAMP, Test.EQ, true),
    TIMESTAMP_LESS_THAN(Kind.TIMESTAMP, Test.LT, false),
    TIMESTAMP_LESS_THAN_PATH(Kind.TIMESTAMP, Test.LT, true),
    TIMESTAMP_GREATER_THAN(Kind.TIMESTAMP, Test.GT, false),
    TIMESTAMP_GREATER_THAN_PATH(Kind.TIMESTAMP, Test.GT, true),
    TIMESTAMP_LESS_THAN_EQUALS(Kind.TIMESTAMP, Test.LE, false),
    TIMESTAMP_LESS_THAN_EQUALS_PATH(Kind.TIMESTAMP, Test.LE, true),
    TIMESTAMP_GREATER_THAN_EQUALS(Kind.TIMESTAMP, Test.GE, false),
    TIMESTAMP_GREATER_THAN_EQUALS_PATH(Kind.TIMESTAMP, Test.GE, true),
    IS_NULL(Kind.TYPE_TEST, Test.IS, false),
    IS_PRESENT(Kind.TYPE_TEST, Test.IS, false),
    IS_NUMERIC(Kind.TYPE_TEST, Test.IS, false),
    IS_STRING(Kind.TYPE_TEST, Test.IS, false),
    IS_BOOLEAN(Kind.TYPE_TEST, Test.IS, false),
    IS_TIMESTAMP(Kind.TYPE_TEST, Test.IS, false);

    /** What the operator compares. */
    public enum Kind { STRING, NUMERIC, BOOLEAN, TIMESTAMP, TYPE_TEST }

    /** How it compares. */
    public enum Test { EQ, LT, GT, LE, GE, MATCHES, IS }

    private static final Map<String, ComparisonOperator> BY_NAME = new HashMap<>();

    static {
        for (ComparisonOperator operator : values()) {
            BY_NAME.put(operator.aslName, operator);
        }
    }

    private final Kind kind;
    private final Test test;
    private final boolean path;
    private final String aslName;

    ComparisonOperator(Kind kind, Test test, boolean path) {
        this.kind = kind;
        this.test = test;
        this.path = path;
        StringBuilder name = new StringBuilder();
        for (String word : name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase());
        }
        this.aslName = name.toString();
    }

    /** The operator with this ASL name ({@code NumericEqualsPath}), or null. */
    public static ComparisonOperator byAslName(String name) {
        return BY_NAME.get(name);
    }

    public Kind kind() {
        return kind;
    }

    public Test test() {
        return test;
    }

    /** Whether the value is a path to compare against rather than a literal. */
    public boolean isPath() {
        return path;
    }

    public String aslName() {
        return aslName;
    }
}
