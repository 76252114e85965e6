package dev.statewright.interpreter.properties;

/** Texts in failure messages: whole when short, their start and end when long, so the reason stays readable. */
public final class Shown {
    private static final int MAX = 3000;

    private Shown() {
    }

    public static String elided(String text) {
        if (text == null || text.length() <= MAX) {
            return text;
        }
        return text.substring(0, MAX / 2) + " [... " + (text.length() - MAX) + " characters ...] "
                + text.substring(text.length() - MAX / 2);
    }
}
