package dev.statewright.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time (user and system) groups of processes use between {@link #start()} and a reading,
 * as the operating system counts it. On a machine others share, wall-clock figures move with their
 * load; the CPU an execution costs each process moves much less, and it says where the time went.
 */
final class CpuMeter {
    /** A group: these processes, and with {@code descendants} their children too (PostgreSQL's backends). */
    record Group(String name, List<ProcessHandle> processes, boolean descendants) {
    }

    private final List<Group> groups;
    private Map<String, Map<Long, Duration>> started = Map.of();

    CpuMeter(List<Group> groups) {
        this.groups = List.copyOf(groups);
    }

    void start() {
        Map<String, Map<Long, Duration>> now = new HashMap<>();
        groups.forEach(group -> now.put(group.name(), used(group)));
        started = now;
    }

    /** Each group's CPU since {@link #start()} over {@code executions}, in milliseconds, in the groups' order. */
    Map<String, Double> millisPerExecution(long executions) {
        Map<String, Double> each = new LinkedHashMap<>();
        for (Group group : groups) {
            Map<Long, Duration> before = started.getOrDefault(group.name(), Map.of());
            long nanos = 0;
            for (Map.Entry<Long, Duration> process : used(group).entrySet()) {
                // A process begun since the start (a new backend) counts from zero.
                nanos += process.getValue().minus(before.getOrDefault(process.getKey(), Duration.ZERO)).toNanos();
            }
            each.put(group.name(), nanos / 1e6 / Math.max(1, executions));
        }
        return each;
    }

    /** "client 0.05, nodes 0.40, PostgreSQL 0.31 ms of CPU per execution". */
    String perExecution(long executions) {
        List<String> parts = millisPerExecution(executions).entrySet().stream()
                .map(group -> String.format(Locale.ROOT, "%s %.3f", group.getKey(), group.getValue())).toList();
        return String.join(", ", parts) + " ms of CPU per execution";
    }

    private static Map<Long, Duration> used(Group group) {
        Map<Long, Duration> used = new HashMap<>();
        for (ProcessHandle process : group.processes()) {
            Stream<ProcessHandle> tree = group.descendants() ? Stream.concat(Stream.of(process), process.descendants())
                    : Stream.of(process);
            tree.forEach(member -> member.info().totalCpuDuration().ifPresent(cpu -> used.put(member.pid(), cpu)));
        }
        return used;
    }
}
