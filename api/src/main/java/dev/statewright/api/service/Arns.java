package dev.statewright.api.service;

import java.util.regex.Pattern;

/** AWS's ARNs for state machines and executions, in one account and region. */
public record Arns(String region, String account) {
    /** AWS's rule for names: 1 to 80 characters, none of whitespace, brackets, wildcards or specials. */
    private static final Pattern INVALID_NAME_CHARACTERS = Pattern.compile("[\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\x00-\\x1F\\x7F-\\x9F]");

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

    public static boolean isExpress(String executionArn) {
        return executionArn.contains(":express:");
    }

    private String prefix() {
        return "arn:aws:states:" + region + ":" + account + ":";
    }

    /** The state machine name of a state machine ARN, or an InvalidArn error. */
    public String stateMachineName(String arn) {
        String prefix = prefix() + "stateMachine:";
        if (arn == null || !arn.startsWith(prefix) || arn.length() == prefix.length()) {
            throw new ServiceException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: " + arn + "'");
        }
        String name = arn.substring(prefix.length());
        int version = name.indexOf(':');
        return version < 0 ? name : name.substring(0, version);
    }

    /** Checks an execution ARN's form, or throws InvalidArn. */
    public void checkExecution(String arn) {
        if (arn == null || !(arn.startsWith(prefix() + "execution:") || arn.startsWith(prefix() + "express:"))) {
            throw new ServiceException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: " + arn + "'");
        }
    }

    public static void checkName(String name, String what) {
        if (name == null || name.isEmpty() || name.length() > 80 || INVALID_NAME_CHARACTERS.matcher(name).find()) {
            throw new ServiceException("InvalidName", "Invalid Name: '" + name + "'");
        }
    }
}
