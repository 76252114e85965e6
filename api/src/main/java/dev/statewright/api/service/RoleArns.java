package dev.statewright.api.service;

import java.util.regex.Pattern;

/**
 * The form AWS requires of a state machine's role: an IAM role ARN in some partition and a
 * 12-digit account, with a role name (and path) of IAM's characters. Anything else, a policy or a
 * user ARN, or a placeholder left in a template, is InvalidArn "Invalid Role Arn: '...'", as AWS
 * answers it. Whether the role exists is not checked: there is no IAM here.
 */
public final class RoleArns {
    private static final Pattern ROLE = Pattern.compile("arn:aws[a-zA-Z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");

    private RoleArns() {
    }

    /** The ARN, if it names an IAM role; InvalidArn otherwise. */
    public static String checked(String roleArn) {
        if (roleArn == null || !ROLE.matcher(roleArn).matches() || roleArn.endsWith("/")) {
            throw new ServiceException("InvalidArn", "Invalid Role Arn: '" + roleArn + "'");
        }
        return roleArn;
    }
}
