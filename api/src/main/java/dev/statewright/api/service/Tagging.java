package dev.statewright.api.service;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * TagResource, UntagResource and ListTagsForResource for both kinds of taggable resource, state
 * machines and activities, with AWS's limit of 50 tags a resource (TooManyTags). A resource that
 * is not there, a version's ARN included, is ResourceNotFound, as on AWS.
 */
public final class Tagging {
    /** AWS's quota of tags on one resource. */
    public static final int MAX_TAGS = 50;

    private final StepFunctions machines;
    private final Activities activities;

    public Tagging(StepFunctions machines, Activities activities) {
        this.machines = machines;
        this.activities = activities;
    }

    public Map<String, String> tags(String resourceArn) {
        return isActivity(resourceArn) ? activities.taggable(resourceArn).tags() : machines.tags(resourceArn);
    }

    public void tag(String resourceArn, Map<String, String> added) {
        if (isActivity(resourceArn)) {
            activities.retag(resourceArn, current -> {
                Map<String, String> tags = new HashMap<>(current);
                tags.putAll(added);
                return tags;
            });
        } else {
            machines.tag(resourceArn, added);
        }
    }

    public void untag(String resourceArn, List<String> keys) {
        if (isActivity(resourceArn)) {
            activities.retag(resourceArn, current -> {
                Map<String, String> tags = new HashMap<>(current);
                keys.forEach(tags::remove);
                return tags;
            });
        } else {
            machines.untag(resourceArn, keys);
        }
    }

    /** The tags a resource would have, unless they are more than AWS allows. */
    public static Map<String, String> withinLimit(String resourceArn, Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw new ServiceException("TooManyTags", "Too many tags: a resource may have at most " + MAX_TAGS
                    + " tags, and '" + resourceArn + "' would have " + tags.size());
        }
        return tags;
    }

    private static boolean isActivity(String resourceArn) {
        String[] fields = resourceArn == null ? new String[0] : resourceArn.split(":", 7);
        return fields.length == 7 && fields[5].equals("activity");
    }
}
