package dev.statewright.api.http;

import dev.statewright.api.service.ServiceException;

import java.util.List;

/**
 * The ValidationException AWS answers when a request member breaks a constraint of the service's
 * model (required, length, range, enum, pattern), in AWS's words: "1 validation error detected:
 * Value 'x' at 'member' failed to satisfy constraint: Member must ...". A member path names a
 * structure's member with a dot ({@code loggingConfiguration.level}) and a list's element by its
 * 1-based place ({@code tags.2.member.key}), as AWS's messages do. Members the model marks
 * sensitive (definition, input, output, error, cause, descriptions) are never echoed: AWS writes
 * "Value at 'cause' ..." for them.
 */
final class MemberConstraints {
    private static final String PREFIX = "1 validation error detected: ";

    private MemberConstraints() {
    }

    static ServiceException missing(String path) {
        return failed("Value null at '" + path + "'", "Member must not be null");
    }

    static ServiceException tooLong(String path, String value, boolean sensitive, int max) {
        return failed(value(path, value, sensitive), "Member must have length less than or equal to " + max);
    }

    static ServiceException tooShort(String path, String value, boolean sensitive, int min) {
        return failed(value(path, value, sensitive), "Member must have length greater than or equal to " + min);
    }

    static ServiceException tooLarge(String path, long value, long max) {
        return failed("Value '" + value + "' at '" + path + "'", "Member must have value less than or equal to " + max);
    }

    static ServiceException tooSmall(String path, long value, long min) {
        return failed("Value '" + value + "' at '" + path + "'", "Member must have value greater than or equal to " + min);
    }

    static ServiceException notInEnum(String path, String value, List<String> values) {
        return failed("Value '" + value + "' at '" + path + "'", "Member must satisfy enum value set: " + values);
    }

    static ServiceException notMatching(String path, String value, String pattern) {
        return failed("Value '" + value + "' at '" + path + "'", "Member must satisfy regular expression pattern: " + pattern);
    }

    /** A string member within [min, max] characters (UTF-16 units, as AWS counts them), else the error. */
    static String lengthWithin(String path, String value, boolean sensitive, int min, int max) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            throw tooLong(path, value, sensitive, max);
        }
        if (value.length() < min) {
            throw tooShort(path, value, sensitive, min);
        }
        return value;
    }

    private static String value(String path, String value, boolean sensitive) {
        return sensitive ? "Value at '" + path + "'" : "Value '" + value + "' at '" + path + "'";
    }

    private static ServiceException failed(String what, String constraint) {
        return ServiceException.validation(PREFIX + what + " failed to satisfy constraint: " + constraint);
    }
}
