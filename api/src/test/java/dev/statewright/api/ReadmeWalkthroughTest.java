package dev.statewright.api;

import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's service walkthrough, run as written: every curl line and every
 * {@code aws stepfunctions} line of its sh blocks, in order, with bash from the project's root
 * against a service started here (with the mock configuration its mock test case names). A curl
 * must answer 2xx; an AWS CLI line must exit 0, or fail with the error the README shows after
 * it. Lines that cannot run (placeholders, other hosts) are listed with a reason in
 * test-fixtures/readme-walkthrough-skipped.txt. The AWS CLI lines need the aws command: without
 * it they are reported as not run, unless STATEWRIGHT_REQUIRE_AWSCLI is set (CI installs it).
 */
class ReadmeWalkthroughTest {
    private static final Path ROOT = projectRoot();
    private static final String README_ADDRESS = "127.0.0.1:8083";
    @TempDir
    static Path directory;
    private static StatewrightService service;
    private static final HttpClient client = HttpClient.newHttpClient();

    /** A walkthrough line: the command (continuations joined) and, for a {@code $} line, the output the README shows. */
    record Step(String command, String shownOutput) {
        boolean isAws() {
            return command.startsWith("aws stepfunctions ");
        }
    }

    private record Run(int exit, String out, String err, String status, String body) {
    }

    @BeforeAll
    static void start() {
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(0)
                .withMockConfig(ROOT.resolve("state-machines/retry-with-backoff/mock-config.json")));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theReadmesCurlAndAwsCliLinesRunAgainstTheService() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Map<String, String> skipped = skipped();
        String aws = onPath("aws").orElse(null);
        if (aws == null && System.getenv("STATEWRIGHT_REQUIRE_AWSCLI") != null) {
            Assertions.fail("The README's AWS CLI lines need the aws command (pip install awscli); STATEWRIGHT_REQUIRE_AWSCLI is set");
        }
        List<String> exports = new ArrayList<>();
        List<Step> session = new ArrayList<>();
        List<Step> versions = new ArrayList<>();
        List<String> notRun = new ArrayList<>();
        for (Step step : steps(readme)) {
            if (step.command().startsWith("export ")) {
                exports.add(step.command());
                continue;
            }
            if (!step.command().startsWith("curl ") && !step.isAws()) {
                continue;
            }
            Optional<String> skip = skipped.keySet().stream().filter(step.command()::contains).findFirst();
            if (skip.isPresent()) {
                notRun.add(step.command() + "  -- " + skipped.get(skip.get()));
            } else if (step.isAws() && aws == null) {
                notRun.add(step.command() + "  -- the aws command is not installed");
            } else {
                // the versions-and-aliases session ($E) names only its own machine, so it runs beside the rest
                (step.command().contains("$E") ? versions : session).add(step);
            }
        }
        CompletableFuture<List<String>> besides = CompletableFuture.supplyAsync(() -> runInOrder(exports, versions));
        List<String> ran = new ArrayList<>(runInOrder(exports, session));
        try {
            ran.addAll(besides.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof AssertionError failure) {
                throw failure;
            }
            throw e;
        }
        System.out.println("README walkthrough: ran " + ran.size() + " lines; not run:\n  " + String.join("\n  ", notRun));
        for (String piece : skipped.keySet()) {
            assertThat(readme).as("a skipped piece no README line has any more: %s", piece).contains(piece);
        }
        assertThat(ran).as("the README's walkthrough lines that ran")
                .anyMatch(l -> l.contains("testCase=RecoversOnThirdTry"))
                .anyMatch(l -> l.startsWith("curl -X DELETE"))
                .filteredOn(l -> l.startsWith("curl ")).hasSizeGreaterThanOrEqualTo(20);
        if (aws != null) {
            assertThat(ran).anyMatch(l -> l.contains("create-state-machine-alias"))
                    .filteredOn(l -> l.startsWith("aws ")).hasSizeGreaterThanOrEqualTo(15);
        }
    }

    /** Each step after the one before, and after the executions it started have ended; the commands that ran. */
    private static List<String> runInOrder(List<String> exports, List<Step> steps) {
        List<String> ran = new ArrayList<>();
        for (Step step : steps) {
            Run run;
            try {
                awaitNoRunningExecutions();
                run = bash(exports, step.command());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("README: " + step.command(), e);
            }
            String what = "README: " + step.command() + "\nexit " + run.exit() + "\n" + run.out() + run.err() + run.body();
            if (step.isAws() && step.shownOutput().startsWith("An error occurred (")) {
                String error = step.shownOutput().substring("An error occurred ".length(), step.shownOutput().indexOf(')') + 1);
                assertThat(run.exit()).as(what).isNotZero();
                assertThat(run.err()).as(what).contains(error);
            } else {
                assertThat(run.exit()).as(what).isZero();
                if (!step.isAws()) {
                    assertThat(run.status()).as(what).matches("2\\d\\d");
                    // a comment that shows the answer as JSON must be the answer
                    int shown = step.command().indexOf("# {");
                    if (shown > 0) {
                        assertThat(Json.parse(run.body())).as(what).isEqualTo(Json.parse(step.command().substring(shown + 2)));
                    }
                }
            }
            ran.add(step.command());
        }
        return ran;
    }

    /**
     * The lines of the README's sh blocks, continuations joined, a {@code $ } prompt removed; a
     * prompted line carries the output shown below it.
     */
    static List<Step> steps(String readme) {
        List<Step> steps = new ArrayList<>();
        boolean inSh = false;
        StringBuilder pending = null;
        boolean prompted = false;
        StringBuilder output = null;
        String command = null;
        for (String raw : readme.split("\n")) {
            if (raw.startsWith("```")) {
                if (command != null) {
                    steps.add(new Step(command, output.toString()));
                    command = null;
                }
                inSh = raw.equals("```sh");
                continue;
            }
            if (!inSh) {
                continue;
            }
            if (pending == null) {
                boolean isPrompt = raw.startsWith("$ ");
                if (isPrompt || !prompted || command == null) {
                    if (command != null) {
                        steps.add(new Step(command, output.toString()));
                        command = null;
                    }
                    prompted = isPrompt;
                    pending = new StringBuilder(isPrompt ? raw.substring(2).strip() : raw.strip());
                } else {
                    output.append(raw).append('\n');
                    continue;
                }
            } else {
                pending.append(' ').append(raw.strip());
            }
            if (pending.toString().endsWith("\\")) {
                pending.setLength(pending.length() - 1);
            } else {
                command = pending.toString().strip();
                output = new StringBuilder();
                pending = null;
                if (!prompted) {
                    steps.add(new Step(command, ""));
                    command = null;
                }
            }
        }
        return steps;
    }

    /** One line with bash from the project's root, the README's address made the service's; curl's status and body kept. */
    private static Run bash(List<String> exports, String command) throws IOException, InterruptedException {
        String address = "127.0.0.1:" + service.port();
        String line = command.replace(README_ADDRESS, address).replace("localhost:8083", address);
        Path status = Files.createTempFile(directory, "status", ".txt");
        Path body = Files.createTempFile(directory, "body", ".txt");
        // curl as a function, so the line runs as written (its # comment included) while its status is recorded
        String script = String.join("\n", exports) + "\n"
                + "curl() { command curl -sS -o '" + body + "' -w '%{http_code}' \"$@\" > '" + status + "'; }\n"
                + line + "\n";
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(ROOT.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_"));
        environment.put("AWS_CONFIG_FILE", directory.resolve("no-config").toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", directory.resolve("no-credentials").toString());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        // E and S as the README's versions-and-aliases section defines them in its text
        environment.put("E", "--endpoint-url http://" + address);
        environment.put("S", "arn:aws:states:us-east-1:123456789012:stateMachine:released");
        Path out = Files.createTempFile(directory, "out", ".txt");
        Path err = Files.createTempFile(directory, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not finish in 60 s: " + command);
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                Files.readString(status).strip(), Files.readString(body, StandardCharsets.UTF_8));
    }

    /** As a reader would, each line waits for what the one before started to end (the service answers a start at once). */
    private static void awaitNoRunningExecutions() throws IOException, InterruptedException {
        HttpRequest running = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/executions?status=RUNNING")).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String body = "";
        while (System.nanoTime() < deadline) {
            body = client.send(running, HttpResponse.BodyHandlers.ofString()).body();
            if (Json.parse(body).path("executions").size() == 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("executions still running after 10 s: " + body);
    }

    /** The checked-in list: a piece of a README line, and why lines with it do not run. */
    private static Map<String, String> skipped() throws IOException {
        Map<String, String> skipped = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ROOT.resolve("test-fixtures/readme-walkthrough-skipped.txt"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int hash = line.indexOf("  # ");
            assertThat(hash).as("a skipped line needs '  # reason': %s", line).isPositive();
            skipped.put(line.substring(0, hash).strip(), line.substring(hash + 4).strip());
        }
        return skipped;
    }

    private static Optional<String> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String folder : path.split(File.pathSeparator)) {
            Path candidate = Path.of(folder, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    private static Path projectRoot() {
        Path folder = Path.of("").toAbsolutePath();
        while (folder != null && !Files.exists(folder.resolve("state-machines"))) {
            folder = folder.getParent();
        }
        if (folder == null) {
            throw new IllegalStateException("no project root with state-machines/ above " + Path.of("").toAbsolutePath());
        }
        return folder;
    }
}
