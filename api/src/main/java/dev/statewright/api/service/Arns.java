package dev.statewright.api.service;

import java.util.regex.Pattern;

/** AWS's ARNs for state machines and executions, in one account and region. */
public record Arns(String region, String account) {
    /**
     * AWS's rule for names, as its API reference states it: none of white space (Unicode's, so a
     * no-break or ideographic space too), brackets, wildcards, specials, control characters
     * (U+0000-001F, U+007F-009F, U+FFFE-FFFF), surrogates (a pattern sees a pair as one character
     * beyond U+FFFF, so only a lone one matches) or U+10FFFF.
     */
    private static final Pattern INVALID_NAME_CHARACTERS = Pattern.compile("[\\p{IsWhite_Space}<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/"
            + "\\x00-\\x1F\\x7F-\\x9F\\x{FFFE}\\x{FFFF}\\x{D800}-\\x{DFFF}\\x{10FFFF}]");

    public String stateMachine(String name) {
        return prefix() + "stateMachine:" + name;
    }

    public String execution(String machineName, String executionName) {
        return prefix() + "execution:" + machineName + ":" + executionName;
    }

    public String activity(String name) {
        return prefix() + "activity:" + name;
    }

    /** EXPRESS executions: AWS adds a UUID, as their names need not be unique. */
    public String expressExecution(String machineName, String executionName, String uuid) {
        return prefix() + "express:" + machineName + ":" + executionName + ":" + uuid;
    }

    /**
     * Whether the ARN is a Distributed Map's child execution's, {@code execution:MACHINE/LABEL:NAME}
     * (no name of a machine holds a slash).
     */
    public static boolean isMapRunChild(String executionArn) {
        String[] fields = executionArn.split(":", 7);
        return fields.length == 7 && fields[5].equals("execution") && fields[6].indexOf('/') > 0;
    }

    public static boolean isExpress(String executionArn) {
        // The resource type is the sixth field: a machine named "express" has standard executions.
        String[] fields = executionArn.split(":", 7);
        return fields.length == 7 && fields[5].equals("express");
    }

    private String prefix() {
        return "arn:aws:states:" + region + ":" + account + ":";
    }

    /** The state machine name of a state machine ARN, or an InvalidArn error. */
    public String stateMachineName(String arn) {
        String prefix = prefix() + "stateMachine:";
        if (arn == null || !arn.startsWith(prefix) || arn.length() == prefix.length()) {
            throw invalid(arn);
        }
        String name = arn.substring(prefix.length());
        int version = name.indexOf(':');
        return version < 0 ? name : name.substring(0, version);
    }

    /**
     * What follows the machine's name in a state machine ARN: null for the machine itself, else
     * a version's number or an alias's name. InvalidArn for an ARN of another kind.
     */
    public String qualifier(String arn) {
        String name = stateMachineName(arn);
        String rest = arn.substring(prefix().length() + "stateMachine:".length() + name.length());
        if (rest.isEmpty()) {
            return null;
        }
        if (rest.length() == 1 || rest.indexOf(':', 1) >= 0) {
            throw new ServiceException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: " + arn + "'");
        }
        return rest.substring(1);
    }

    /** Whether a qualifier names a version (digits only), not an alias. */
    public static boolean isVersionQualifier(String qualifier) {
        return qualifier != null && !qualifier.isEmpty() && qualifier.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Checks an execution ARN's form, or throws InvalidArn. */
    public void checkExecution(String arn) {
        if (arn == null || !(arn.startsWith(prefix() + "execution:") || arn.startsWith(prefix() + "express:"))) {
            throw invalid(arn);
        }
    }

    /**
     * InvalidArn for an ARN of the wrong form, in AWS's words: a text that is no ARN is named as a
     * bad prefix, any other ARN by its resource type ("Resource type not valid in this context:
     * activity"; also for one of the right type in another region or account).
     */
    public static ServiceException invalid(String arn) {
        if (arn == null || !arn.startsWith("arn:")) {
            return new ServiceException("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: " + arn + "'");
        }
        String[] fields = arn.split(":", 7);
        String resourceType = fields.length > 5 ? fields[5] : arn;
        return new ServiceException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                + resourceType + "'");
    }

    /**
     * Checks a name against AWS's rules (1 to 80 characters, none of the above), or throws
     * InvalidName. {@code .} and {@code ..} are refused too: as a segment of a REST path they name
     * the folder or its parent, so the resource could never be reached.
     */
    public static void checkName(String name, String what) {
        if (name == null || name.isEmpty() || name.length() > 80 || name.equals(".") || name.equals("..")
                || INVALID_NAME_CHARACTERS.matcher(name).find()) {
            throw new ServiceException("InvalidName", "Invalid Name: '" + printable(name) + "'");
        }
    }

    /** The name with what cannot be seen or encoded (spaces other than a plain one, controls, lone surrogates) escaped. */
    private static String printable(String name) {
        if (name == null) {
            return "null";
        }
        StringBuilder text = new StringBuilder();
        name.codePoints().forEach(c -> {
            boolean visible = c == ' ' || !(Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)
                    || Character.getType(c) == Character.SURROGATE || c == 0xFFFE || c == 0xFFFF || c == 0x10FFFF);
            if (visible) {
                text.appendCodePoint(c);
            } else {
                for (char unit : Character.toChars(c)) {
                    text.append(String.format("\\u%04x", (int) unit));
                }
            }
        });
        return text.toString();
    }
}
