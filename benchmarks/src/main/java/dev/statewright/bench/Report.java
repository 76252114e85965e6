package dev.statewright.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The figures of a run as a Markdown table, one row per machine, mode and client count, with
 * our states entered per second over the peer's on the same machine in the same run.
 */
public final class Report {
    static final String HEADER = "| machine | mode | clients | executions/s | states/s | p50 ms | p99 ms"
            + " | peak heap MiB | peak RSS MiB | ours/peer |";

    private final List<Measurement> measurements = new ArrayList<>();

    public void add(Measurement measurement) {
        measurements.add(measurement);
    }

    public List<Measurement> measurements() {
        return List.copyOf(measurements);
    }

    public String table() {
        StringBuilder table = new StringBuilder(HEADER).append('\n')
                .append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        // Machine by machine, in the benchmark's order, whatever order the modes ran in.
        List<Measurement> rows = new ArrayList<>(measurements);
        rows.sort(Comparator.comparingInt(m -> machineOrder(m.machine())));
        for (Measurement m : rows) {
            table.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %.3f | %.3f | %s | %.0f | %s |%n",
                    m.machine(), m.mode(), m.clients(), grouped(m.executionsPerSecond()), grouped(m.statesPerSecond()),
                    m.p50Ms(), m.p99Ms(), Double.isNaN(m.memory().heapMiB()) ? "-" : String.format(Locale.ROOT, "%.0f",
                            m.memory().heapMiB()), m.memory().rssMiB(), ratio(m)));
        }
        return table.toString();
    }

    /** Our states/s over the peer's on the same machine; "-" for the peer or when it was not run. */
    private String ratio(Measurement ours) {
        if (ours.mode().equals("peer")) {
            return "-";
        }
        return measurements.stream().filter(m -> m.mode().equals("peer") && m.machine().equals(ours.machine()))
                .findFirst().map(peer -> ours.statesPerSecond() / peer.statesPerSecond())
                .map(ratio -> String.format(Locale.ROOT, ratio < 10 ? "%.2f" : "%.1f", ratio))
                .orElse("-");
    }

    private static int machineOrder(String machine) {
        int known = BenchMachine.NAMES.indexOf(machine);
        return known >= 0 ? known : BenchMachine.NAMES.size();
    }

    private static String grouped(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
