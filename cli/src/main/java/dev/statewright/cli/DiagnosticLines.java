package dev.statewright.cli;

import dev.statewright.interpreter.validation.Diagnostic;

import java.util.Locale;

/** Diagnostics as compilers print them, {@code FILE:LINE:COL: error CODE: message}, so editors can jump to them. */
final class DiagnosticLines {
    private DiagnosticLines() {
    }

    static String format(String file, Diagnostic diagnostic) {
        StringBuilder line = new StringBuilder(file);
        if (diagnostic.line() > 0) {
            line.append(':').append(diagnostic.line()).append(':').append(diagnostic.column());
        }
        line.append(": ").append(diagnostic.severity().name().toLowerCase(Locale.ROOT)).append(' ')
                .append(diagnostic.code()).append(": ").append(firstLine(diagnostic.message()));
        if (diagnostic.location() != null && diagnostic.location().startsWith("/")) {
            line.append(" at ").append(diagnostic.location());
        }
        return line.toString();
    }

    /** Jackson's parse errors repeat the position on a second line; the line and column say it already. */
    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
