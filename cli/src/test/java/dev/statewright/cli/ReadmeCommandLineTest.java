package dev.statewright.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's {@code ./statewright} command lines, run in process: every one whose files exist in
 * the project (the others name the reader's own files, or need a running service) must succeed.
 */
class ReadmeCommandLineTest {
    private static final Path ROOT = ExampleStateMachinesTest.projectRoot();

    @Test
    void theReadmesCommandLinesRun() throws IOException {
        List<String> ran = new ArrayList<>();
        for (String line : commandLines(Files.readString(ROOT.resolve("README.md")))) {
            List<String> args = arguments(line);
            if (args == null || List.of("serve", "repair", "export-test").contains(args.get(0))) {
                continue;
            }
            ExportedExecutionsTest.Cli run = ExportedExecutionsTest.Cli.run(args.toArray(String[]::new));
            assertThat(run.exitCode()).as("README: ./statewright %s%n%s%s", line, run.out(), run.err()).isZero();
            ran.add(line);
        }
        assertThat(ran).as("the README's runnable examples").hasSizeGreaterThanOrEqualTo(4)
                .anyMatch(l -> l.contains("--test-case RecoversOnThirdTry"))
                .anyMatch(l -> l.contains("--list"))
                .anyMatch(l -> l.startsWith("validate state-machines/*/definition.json"));
    }

    /** The {@code ./statewright ...} lines of the README's sh blocks, continuations joined, without the prefix. */
    private static List<String> commandLines(String readme) {
        List<String> lines = new ArrayList<>();
        boolean inSh = false;
        StringBuilder pending = null;
        for (String raw : readme.split("\n")) {
            if (raw.startsWith("```")) {
                inSh = raw.equals("```sh");
                continue;
            }
            if (!inSh) {
                continue;
            }
            String line = raw.strip();
            if (pending == null && !line.startsWith("./statewright ")) {
                continue;
            }
            pending = pending == null ? new StringBuilder(line.substring("./statewright ".length())) : pending.append(' ').append(line);
            if (pending.toString().endsWith("\\")) {
                pending.setLength(pending.length() - 1);
            } else {
                lines.add(pending.toString().strip());
                pending = null;
            }
        }
        return lines;
    }

    /**
     * A shell line's words (quotes removed, a {@code #} comment dropped), files made absolute from
     * the project's root and globs expanded; null when it names a file the project does not have
     * or a placeholder such as EXECUTION_ARN.
     */
    private static List<String> arguments(String line) throws IOException {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '#' && word == null) {
                break;
            } else {
                word = word == null ? new StringBuilder().append(c) : word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        List<String> args = new ArrayList<>();
        for (String w : words) {
            if (w.matches("[A-Z][A-Z_]+")) {
                return null;
            }
            String prefix = w.startsWith("@") ? "@" : "";
            String path = w.substring(prefix.length());
            if (path.contains("*")) {
                Path folder = ROOT.resolve(path.substring(0, path.indexOf('*'))).normalize();
                String rest = path.substring(path.indexOf('*') + 1);
                try (DirectoryStream<Path> matches = Files.newDirectoryStream(folder)) {
                    for (Path match : matches) {
                        if (Files.exists(Path.of(match + rest))) {
                            args.add(match + rest);
                        }
                    }
                }
            } else if (path.endsWith(".json") || path.endsWith("/")) {
                Path file = ROOT.resolve(path);
                boolean written = args.size() > 0 && List.of("--junit-xml", "--output", "-o").contains(args.get(args.size() - 1));
                if (!Files.exists(file) && !written) {
                    return null;
                }
                args.add(prefix + file);
            } else {
                args.add(w);
            }
        }
        return args.isEmpty() ? null : args;
    }
}
