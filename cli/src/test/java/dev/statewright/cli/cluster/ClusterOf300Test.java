package dev.statewright.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.ServiceProcess;
import dev.statewright.api.SfnTestClients;
import dev.statewright.api.store.postgres.DatabaseUrl;
import dev.statewright.api.store.postgres.TestPostgres;
import dev.statewright.cli.Statewright;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16's cluster test: three {@code statewright serve} processes on one PostgreSQL database;
 * 300 executions of a machine with a Lambda task retried once on an error, a Wait, a Parallel
 * of an inline Map of Lambda tasks, a {@code .waitForTaskToken} callback (answered by workers,
 * some with a failure the machine catches) and an activity task (taken by workers), started and
 * answered through all three nodes. Mid-run one node is SIGSTOPped for longer than the lease and
 * another SIGKILLed; the paused one is resumed later. Every execution ends with the output the test
 * computes itself, its history has ids 1..n and each state entered once (a Map's iterations
 * counted), and every task was sent once, or twice when its first send was in flight on a node
 * that went away: sent before its lease ran out, its answer not back {@link #COMMIT_GRACE} before it went.
 *
 * <p>Before the faults, a StopExecution sent to a node that does not drive the execution reaches
 * the one that does. After them, the paused node has let its executions go and still stops
 * cleanly at SIGTERM. (This covers everything the earlier PostgresClusterTest checked.)
 */
class ClusterOf300Test {
    private static final int EXECUTIONS = 300;
    private static final int NODES = 3;
    private static final double LEASE_SECONDS = 3;
    private static final long LEASE_NANOS = (long) (LEASE_SECONDS * 1e9);
    /**
     * A node that got a task's answer may die before it commits it: the answer counts as taken
     * only if it went back this long before the node went away (a group commit on a busy machine).
     */
    private static final Duration COMMIT_GRACE = Duration.ofSeconds(1);
    private static final int KILLED = 0;
    private static final int SURVIVOR = 1;
    private static final int PAUSED = 2;
    private static final List<String> JVM = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static final Pattern TOOK_OVER = Pattern.compile("took over (\\d+) execution");
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:";
    private static final String LONG_WAIT = """
            {"StartAt": "Long", "States": {"Long": {"Type": "Wait", "Seconds": 600, "End": true}}}
            """;
    private static final String MACHINE = """
            {"StartAt": "Double", "States": {
              "Double": {"Type": "Task", "Resource": "%1$sdouble",
                "Parameters": {"k.$": "$.k", "execution.$": "$$.Execution.Name", "retry.$": "$$.State.RetryCount"},
                "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 1, "MaxAttempts": 2, "BackoffRate": 1}],
                "ResultPath": "$.doubled", "Next": "Pause"},
              "Pause": {"Type": "Wait", "SecondsPath": "$.pause", "Next": "Fan"},
              "Fan": {"Type": "Parallel", "ResultPath": "$.fan", "Next": "Done", "Branches": [
                {"StartAt": "Squares", "States": {"Squares": {"Type": "Map", "ItemsPath": "$.items",
                  "ItemSelector": {"value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index",
                                   "execution.$": "$$.Execution.Name"},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Square", "States": {
                    "Square": {"Type": "Task", "Resource": "%1$ssquare", "End": true}}},
                  "End": true}}},
                {"StartAt": "Ask", "States": {
                  "Ask": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                    "Parameters": {"FunctionName": "ask",
                      "Payload": {"k.$": "$.k", "execution.$": "$$.Execution.Name", "token.$": "$$.Task.Token"}},
                    "Catch": [{"ErrorEquals": ["Worker.Declined"], "ResultPath": "$.declined", "Next": "Declined"}],
                    "End": true},
                  "Declined": {"Type": "Pass", "Parameters": {"declined.$": "$.declined.Error", "k.$": "$.k"}, "End": true}}},
                {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "%2$s",
                  "Parameters": {"k.$": "$.k", "execution.$": "$$.Execution.Name"}, "End": true}}}]},
              "Done": {"Type": "Pass", "Parameters": {"k.$": "$.k", "doubled.$": "$.doubled.n", "fan.$": "$.fan"}, "End": true}}}
            """;

    @TempDir
    Path data;

    private final List<ServiceProcess> nodes = new ArrayList<>();
    private final List<SfnClient> clients = new ArrayList<>();
    private final TaskSends sends = new TaskSends();
    private ClusterLambda lambda;
    private ClusterWorkers workers;

    @AfterEach
    void stopEverything() {
        if (workers != null) {
            workers.close();
        }
        clients.forEach(SfnClient::close);
        nodes.forEach(ServiceProcess::close);
        if (lambda != null) {
            lambda.close();
        }
    }

    @Test
    void threeHundredExecutionsEndRightWhenOneNodeIsKilledAndAnotherPausedPastItsLease() throws Exception {
        long began = System.nanoTime();
        String database = TestPostgres.server().newDatabase();
        lambda = new ClusterLambda(NODES, sends);
        int[] ports = new int[NODES];
        for (int i = 0; i < NODES; i++) {
            ports[i] = ServiceProcess.freePort();
            nodes.add(ServiceProcess.start(JVM, Statewright.class.getName(), "serve", "--port", String.valueOf(ports[i]),
                    "--database", database, "--lease-seconds", String.valueOf(LEASE_SECONDS),
                    "--lambda-endpoint", lambda.endpointFor(i).toString(), "--data-dir", data.resolve("node" + i).toString(),
                    "--wait-time-scale", "1"));
        }
        String[] nodeIds = new String[NODES];
        for (int i = 0; i < NODES; i++) {
            String line = nodes.get(i).awaitLine(text -> text.startsWith("Node id: "), Duration.ofSeconds(60));
            nodeIds[i] = line.substring("Node id: ".length(), line.indexOf(' ', "Node id: ".length()));
            clients.add(SfnTestClients.client(ports[i]));
        }
        long ready = System.nanoTime();

        String activity = clients.get(1).createActivity(r -> r.name("cluster-work")).activityArn();
        String machine = clients.get(0).createStateMachine(r -> r.name("cluster")
                .definition(MACHINE.formatted(FUNCTION, activity))
                .roleArn("arn:aws:iam::123456789012:role/r")).stateMachineArn();
        workers = new ClusterWorkers(ports, lambda, sends);
        // Eight: an answer passed on to the paused node waits up to 10 s for its verdict, holding its worker.
        workers.startCallbackWorkers(8);
        workers.startActivityWorkers(4, activity);

        // A stop sent to a node that does not drive the execution.
        String longWait = clients.get(PAUSED).createStateMachine(r -> r.name("long").definition(LONG_WAIT)
                .roleArn("arn:aws:iam::123456789012:role/r")).stateMachineArn();
        String stopMe = clients.get(KILLED).startExecution(r -> r.stateMachineArn(longWait).name("stop-me").input("{}"))
                .executionArn();
        clients.get(SURVIVOR).stopExecution(r -> r.executionArn(stopMe).error("Halt").cause("sent to another node"));
        DescribeExecutionResponse stopped = clients.get(PAUSED).describeExecution(r -> r.executionArn(stopMe));
        assertThat(stopped.status()).as("StopExecution answered once the owner stopped it").isEqualTo(ExecutionStatus.ABORTED);
        assertThat(stopped.error()).isEqualTo("Halt");

        // Started through every node (a machine created on one is found on the others), each driving those it started.
        Map<String, Integer> kOf = startAll(machine);

        awaitThat("node " + PAUSED + " has callbacks out and Lambda calls in flight",
                () -> sends.unanswered(PAUSED) > 0 && askedBy(PAUSED) >= 5, Duration.ofSeconds(60));
        signal("STOP", nodes.get(PAUSED));
        long pausedAt = System.nanoTime();
        Set<String> drivenByPaused = executionsLeasedTo(database, nodeIds[PAUSED]);
        long sentByKilledBefore = sends.count(KILLED);
        awaitThat("node " + KILLED + " has Lambda calls in flight",
                () -> sends.unanswered(KILLED) > 0 && sends.count(KILLED) > sentByKilledBefore, Duration.ofSeconds(30));
        nodes.get(KILLED).kill();
        long killedAt = System.nanoTime();
        Set<String> drivenByKilled = executionsLeasedTo(database, nodeIds[KILLED]);

        // Paused for longer than the lease: the node left takes its executions and the killed node's.
        try {
            awaitThat("node " + SURVIVOR + " took executions over while node " + PAUSED + " stayed paused 2.5 leases",
                    () -> tookOver(SURVIVOR) >= 1 && System.nanoTime() - pausedAt > 5 * LEASE_NANOS / 2,
                    Duration.ofSeconds(30));
        } catch (AssertionError noTakeover) {
            throw new AssertionError(noTakeover.getMessage() + "\nthe database's sessions:\n" + sessions(database), noTakeover);
        }
        signal("CONT", nodes.get(PAUSED));
        long resumedAt = System.nanoTime();

        SfnClient survivor = clients.get(SURVIVOR);
        try {
            awaitThat("every execution ended", () -> survivor.listExecutions(r -> r.stateMachineArn(machine)
                    .statusFilter(ExecutionStatus.RUNNING).maxResults(1000)).executions().isEmpty(), Duration.ofSeconds(120));
        } catch (AssertionError notEnded) {
            throw new AssertionError("paused at " + pausedAt / 1_000_000 + " ms, killed at " + killedAt / 1_000_000 + " ms; "
                    + stillRunning(survivor, machine) + "\n" + notEnded.getMessage(), notEnded);
        }
        long ended = System.nanoTime();

        for (Map.Entry<String, Integer> execution : kOf.entrySet()) {
            SfnClient through = clients.get(execution.getValue() % 2 == 0 ? SURVIVOR : PAUSED);
            DescribeExecutionResponse done = through.describeExecution(r -> r.executionArn(execution.getKey()));
            assertThat(done.status()).as(execution.getKey() + " " + done + "\nrefused answers: " + workers.refusals())
                    .isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(Json.parse(done.output())).as(execution.getKey()).isEqualTo(expectedOutput(execution.getValue()));
            assertWholeHistory(through, execution.getKey(), execution.getValue());
        }
        Map<String, List<TaskSends.Send>> sent = sends.byTask();
        assertThat(sent.keySet()).as("every task sent, and no other").containsExactlyInAnyOrderElementsOf(expectedTasks(kOf));
        Map<String, Integer> twice;
        try {
            twice = assertSentOnceUnlessInFlightOnANodeGone(sent, Map.of(
                    KILLED, new Gone(killedAt, drivenByKilled), PAUSED, new Gone(pausedAt, drivenByPaused)), resumedAt);
        } catch (AssertionError sentAgain) {
            throw new AssertionError(sentAgain.getMessage() + "\npaused at " + pausedAt / 1_000_000 + " ms, killed at "
                    + killedAt / 1_000_000 + " ms; the nodes' leases:\n" + leaseLines(), sentAgain);
        }

        nodes.get(PAUSED).awaitLine(line -> line.contains("lost the leases") || line.contains("Let go of"), Duration.ofSeconds(10));
        for (int node : new int[] {SURVIVOR, PAUSED}) {
            assertThat(nodes.get(node).output()).as("node " + node + " failed no request (a 500)")
                    .noneMatch(line -> line.contains("Request failed"));
        }
        // A JVM ends with 128 + 15 at SIGTERM once its shutdown hook (the clean stop) has run; stop() fails after 30 s.
        assertThat(nodes.get(PAUSED).stop()).as("the paused node still stops at SIGTERM").isEqualTo(143);
        System.out.printf("ClusterOf300Test: %d executions; nodes ready after %d ms; run %d ms from the first start to the"
                        + " last end; whole test %d ms; driven by the killed node when it died: %d, by the paused node when"
                        + " it paused: %d; taken over: %d by the survivor, %d by the paused node after it resumed;"
                        + " %d sends of %d tasks; sent twice: %s%n",
                kOf.size(), (ready - began) / 1_000_000, (ended - ready) / 1_000_000, (System.nanoTime() - began) / 1_000_000,
                drivenByKilled.size(), drivenByPaused.size(), tookOver(SURVIVOR), tookOver(PAUSED),
                sent.values().stream().mapToInt(List::size).sum(), sent.size(), twice);
    }

    /** A node that went away: when, and the executions whose lease it held then. */
    private record Gone(long at, Set<String> driving) {
    }

    private Map<String, Integer> startAll(String machine) throws Exception {
        ExecutorService starters = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> started = new ArrayList<>();
            for (int k = 0; k < EXECUTIONS; k++) {
                int key = k;
                started.add(starters.submit(() -> clients.get(key % NODES).startExecution(r -> r.stateMachineArn(machine)
                        .name("e-" + key).input(Json.write(input(key)))).executionArn()));
            }
            Map<String, Integer> kOf = new LinkedHashMap<>();
            for (int k = 0; k < EXECUTIONS; k++) {
                kOf.put(started.get(k).get(), k);
            }
            return kOf;
        } finally {
            starters.shutdownNow();
        }
    }

    private static ObjectNode input(int k) {
        ObjectNode input = Json.object().put("k", k).put("pause", 1 + k % 2);
        ArrayNode items = input.putArray("items");
        for (int i = 0; i < itemCount(k); i++) {
            items.add(k + i);
        }
        return input;
    }

    private static int itemCount(int k) {
        return k % 4;
    }

    /** What the machine computes, worked out here from k alone. */
    private static JsonNode expectedOutput(int k) {
        ObjectNode output = Json.object().put("k", k).put("doubled", 2 * k);
        ArrayNode fan = output.putArray("fan");
        ArrayNode squares = fan.addArray();
        for (int i = 0; i < itemCount(k); i++) {
            squares.add((k + i) * (k + i));
        }
        fan.add(ClusterWorkers.declines(k) ? Json.object().put("declined", "Worker.Declined").put("k", k)
                : Json.object().put("cb", k + 1000));
        fan.add(Json.object().put("act", 3 * k));
        return output;
    }

    private static Set<String> expectedTasks(Map<String, Integer> kOf) {
        Set<String> tasks = new HashSet<>();
        kOf.values().forEach(k -> {
            String execution = "e-" + k;
            tasks.add(ClusterLambda.taskOfDouble(execution, 0));
            if (k % 5 == 0) {
                tasks.add(ClusterLambda.taskOfDouble(execution, 1));
            }
            for (int i = 0; i < itemCount(k); i++) {
                tasks.add(ClusterLambda.taskOfSquare(execution, i));
            }
            tasks.add(ClusterLambda.taskOfAsk(execution));
            tasks.add(ClusterWorkers.taskOfWork(execution));
        });
        return tasks;
    }

    /** Event ids 1..n in order, and each state entered once: once per iteration inside the Map. */
    private static void assertWholeHistory(SfnClient sfn, String arn, int k) {
        List<HistoryEvent> events = new ArrayList<>();
        sfn.getExecutionHistoryPaginator(r -> r.executionArn(arn).maxResults(1000)).events().forEach(events::add);
        assertThat(events).as(arn).extracting(HistoryEvent::id)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
        Map<String, Integer> entered = new TreeMap<>();
        events.stream().filter(event -> event.stateEnteredEventDetails() != null)
                .forEach(event -> entered.merge(event.stateEnteredEventDetails().name(), 1, Integer::sum));
        Map<String, Integer> expected = new TreeMap<>(Map.of("Double", 1, "Pause", 1, "Fan", 1, "Squares", 1, "Ask", 1,
                "Done", 1));
        if (itemCount(k) > 0) {
            expected.put("Square", itemCount(k));
        }
        if (ClusterWorkers.declines(k)) {
            expected.put("Declined", 1);
        }
        expected.put("Work", 1);
        assertThat(entered).as(arn).isEqualTo(expected);
    }

    /**
     * Each task sent once; twice only when the first send was in flight on a node that went away:
     * the execution's lease was that node's then, the first send was before that lease could run
     * out (by that node, for a Lambda call; an activity task is handed out by whichever node a
     * worker polls), and its answer had not gone back {@link #COMMIT_GRACE} before the node went;
     * or the paused node sent it as it resumed, for a turn it had stored before it paused. Returns
     * how many were sent twice, by task and why.
     */
    private static Map<String, Integer> assertSentOnceUnlessInFlightOnANodeGone(Map<String, List<TaskSends.Send>> sent,
                                                                                 Map<Integer, Gone> gone, long resumedAt) {
        Map<String, Integer> twice = new TreeMap<>();
        sent.forEach((task, sends) -> {
            assertThat(sends).as(task + " sent at most twice").hasSizeLessThanOrEqualTo(2);
            if (sends.size() < 2) {
                return;
            }
            String execution = task.substring(0, task.indexOf('|'));
            TaskSends.Send first = sends.get(0);
            boolean activity = task.endsWith("|Work");
            String why = null;
            for (Map.Entry<Integer, Gone> node : gone.entrySet()) {
                Gone away = node.getValue();
                boolean driven = away.driving().contains(execution);
                boolean sentByIt = activity || first.node == node.getKey();
                // Sent before the lease could run out (a send the endpoint logs just after the signal left before it;
                // the new owner sends only after the lease ran out), and not answered well before the node went.
                boolean inFlight = first.sentAt < away.at() + LEASE_NANOS && (first.answeredAt() == 0
                        || first.answeredAt() > away.at() - COMMIT_GRACE.toNanos());
                if (driven && sentByIt && inFlight) {
                    why = (node.getKey() == KILLED ? "in flight on the killed node" : "in flight on the paused node")
                            + (first.answeredAt() != 0 && first.answeredAt() < away.at()
                            ? " (answered " + (away.at() - first.answeredAt()) / 1_000_000 / 100 * 100 + "-"
                            + ((away.at() - first.answeredAt()) / 1_000_000 / 100 * 100 + 100) + " ms before)" : "");
                }
            }
            TaskSends.Send second = sends.get(1);
            if (why == null && !activity && second.node == PAUSED && gone.get(PAUSED).driving().contains(execution)
                    && second.sentAt > gone.get(PAUSED).at() && second.sentAt < resumedAt + COMMIT_GRACE.toNanos()) {
                // The paused node had stored the turn that scheduled the task (the new owner's replay found it and
                // sent it; a turn stored after the pause would show in the history twice) but was stopped before it
                // sent the task, and sent it as soon as it ran again (a stopped process sends nothing, so a send of
                // it logged after the pause is one as it resumed, the kill -CONT's return logged a little later).
                why = "sent by the paused node as it resumed (pending when it paused)";
            }
            assertThat(why).as(task + " was sent twice (" + sends + ") though its first send was not in flight on a node"
                    + " that went away").isNotNull();
            twice.merge(task.substring(task.indexOf('|') + 1).replaceAll("\\|.*", "") + " " + why, 1, Integer::sum);
        });
        return twice;
    }

    /** The executions still running, each with its last events and its tasks' sends, to tell where they stopped. */
    private String stillRunning(SfnClient sfn, String machine) {
        StringBuilder text = new StringBuilder();
        Map<String, List<TaskSends.Send>> sent = sends.byTask();
        List<String> running = sfn.listExecutions(r -> r.stateMachineArn(machine).statusFilter(ExecutionStatus.RUNNING)
                .maxResults(1000)).executions().stream().map(execution -> execution.executionArn()).toList();
        text.append(running.size()).append(" executions still running");
        for (String arn : running.subList(0, Math.min(5, running.size()))) {
            String name = arn.substring(arn.lastIndexOf(':') + 1);
            List<HistoryEvent> events = new ArrayList<>();
            sfn.getExecutionHistoryPaginator(r -> r.executionArn(arn).maxResults(1000)).events().forEach(events::add);
            text.append("\n").append(name).append(": last events ");
            events.subList(Math.max(0, events.size() - 8), events.size()).forEach(event -> text.append(event.id())
                    .append(' ').append(event.typeAsString()).append(event.stateEnteredEventDetails() != null
                            ? "(" + event.stateEnteredEventDetails().name() + ")" : "").append(", "));
            sent.forEach((task, list) -> {
                if (task.startsWith(name + "|")) {
                    text.append("\n   ").append(task).append(": ").append(list);
                }
            });
            workers.refusals().stream().filter(refusal -> refusal.contains(" " + name + " "))
                    .forEach(refusal -> text.append("\n   refused: ").append(refusal, 0, Math.min(120, refusal.length())));
        }
        return text.toString();
    }

    /** The database's sessions, what they run and who blocks them: to tell what a node that does not go on waits for. */
    private static String sessions(String database) throws SQLException {
        DatabaseUrl url = DatabaseUrl.parse(database);
        StringBuilder text = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             PreparedStatement select = connection.prepareStatement("SELECT pid, state, wait_event_type, wait_event,"
                     + " pg_blocking_pids(pid), now() - xact_start, left(query, 160) FROM pg_stat_activity"
                     + " WHERE datname = current_database() AND pid <> pg_backend_pid() ORDER BY pid");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                for (int column = 1; column <= 7; column++) {
                    text.append(rows.getString(column)).append(column < 7 ? " | " : "\n");
                }
            }
        }
        return text.toString();
    }

    /** What each node said of the leases it took over or lost. */
    private String leaseLines() {
        StringBuilder lines = new StringBuilder();
        for (int node = 0; node < NODES; node++) {
            for (String line : nodes.get(node).output()) {
                if (line.contains("took over") || line.contains("lost the leases") || line.contains("Let go of")) {
                    lines.append("node ").append(node).append(": ").append(line, 0, Math.min(200, line.length())).append('\n');
                }
            }
        }
        return lines.toString();
    }

    private long askedBy(int node) {
        return sends.byTask().values().stream().flatMap(List::stream)
                .filter(send -> send.node == node && send.task.endsWith("|Ask")).count();
    }

    private long tookOver(int node) {
        long taken = 0;
        for (String line : nodes.get(node).output()) {
            Matcher matcher = TOOK_OVER.matcher(line);
            if (matcher.find()) {
                taken += Long.parseLong(matcher.group(1));
            }
        }
        return taken;
    }

    /** The names of the executions whose lease {@code nodeId} holds, read from the database. */
    private static Set<String> executionsLeasedTo(String database, String nodeId) throws SQLException {
        DatabaseUrl url = DatabaseUrl.parse(database);
        Set<String> names = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             PreparedStatement select = connection.prepareStatement("SELECT execution_arn FROM leases WHERE owner = ?")) {
            select.setString(1, nodeId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String arn = rows.getString(1);
                    names.add(arn.substring(arn.lastIndexOf(':') + 1));
                }
            }
        }
        return names;
    }

    private static void signal(String name, ServiceProcess node) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(node.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + name).isZero();
    }

    private void awaitThat(String what, BooleanSupplier condition, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StringBuilder outputs = new StringBuilder();
                nodes.forEach(node -> outputs.append('\n').append(node.quote()));
                throw new AssertionError("Not within " + patience + ": " + what + "\nrefused answers: "
                        + (workers == null ? List.of() : workers.refusals()) + outputs);
            }
            Thread.sleep(50);
        }
    }
}
