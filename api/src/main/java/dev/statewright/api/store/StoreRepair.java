package dev.statewright.api.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.statewright.api.store.IndexChange.IndexMap;

/**
 * Salvages a data directory whose log is damaged ({@code statewright repair}). Every whole record
 * of the log is read, skipping damaged stretches; an execution is intact when no damaged stretch
 * names it and its history and journal have no gap. Intact executions, state machines and
 * activities are written into a new store, which takes the old one's place; the old files are
 * set aside whole, never deleted, with a report of what was lost.
 */
public final class StoreRepair {
    /**
     * ARNs as they appear in keys, records and a compressed record's plain list of names: whatever of
     * one survives in damaged bytes names what it touched (from its service on, so a flipped bit in
     * the "arn:aws" part still leaves it readable).
     */
    private static final Pattern ARN = Pattern.compile(
            "states:[a-z0-9-]+:[0-9]{12}:(?:execution|express|stateMachine|activity):[^\\u0000-\\u001f\"\\\\ ]+");
    private static final int EVENTS_PER_BATCH = 1000;

    /**
     * What a repair found and did.
     *
     * @param damage           the damaged stretches, as {@code file: bytes from-to}
     * @param lost             executions not carried over: named by damaged bytes, or with a gap in their history or journal
     * @param machinesTouched  state machines and activities named by damaged bytes: kept as their last whole record says
     * @param setAside         where the old files went, or null when nothing was damaged
     */
    public record Report(List<String> damage, int executionsKept, List<String> lost, List<String> machinesTouched,
                         int unnamedDamage, Path setAside) {
        public boolean changedNothing() {
            return setAside == null;
        }

        /** Whether anything may have been lost: executions named as lost, or damage that named nothing. */
        public boolean lostSomething() {
            return !lost.isEmpty() || unnamedDamage > 0;
        }

        public String describe() {
            StringBuilder text = new StringBuilder();
            if (damage.isEmpty()) {
                return "The log holds no damage: nothing was changed.";
            }
            text.append("Damaged stretches of the log:\n");
            damage.forEach(line -> text.append("  ").append(line).append('\n'));
            text.append("Executions kept: ").append(executionsKept).append('\n');
            text.append("Executions lost: ").append(lost.size()).append('\n');
            lost.forEach(arn -> text.append("  ").append(arn).append('\n'));
            if (unnamedDamage > 0) {
                text.append(unnamedDamage).append(" damaged stretch").append(unnamedDamage == 1 ? "" : "es")
                        .append(" named no execution that could be read, and the index kept before the damage named none"
                                + " either: what it held is lost unnamed\n");
            }
            if (!machinesTouched.isEmpty()) {
                text.append("State machines and activities the damage touched (kept as last stored whole; check them):\n");
                machinesTouched.forEach(arn -> text.append("  ").append(arn).append('\n'));
            }
            text.append("The damaged files were set aside in ").append(setAside).append('\n');
            return text.toString();
        }
    }

    private StoreRepair() {
    }

    /** Repairs {@code directory}, which no service may have open (its lock is taken). */
    public static Report repair(Path directory) {
        try (DataDirectoryLock lock = DataDirectoryLock.acquire(directory)) {
            return new Salvage(directory).run();
        }
    }

    /** One repair's work. */
    private static final class Salvage {
        private final Path directory;
        private final Path logDirectory;
        private final List<String> damage = new ArrayList<>();
        private final TreeSet<String> named = new TreeSet<>();
        /** Per execution, the highest event id and journal sequence any whole chunk holds. */
        private final Map<String, Long> lastEvent = new HashMap<>();
        private final Map<String, Long> lastJournal = new HashMap<>();
        /** Executions the index held before the damage was found (a start refused for damage keeps it), if it reads. */
        private final java.util.Set<String> known = new java.util.HashSet<>();
        private int unnamedStretches;

        Salvage(Path directory) {
            this.directory = directory;
            this.logDirectory = directory.resolve("log");
        }

        Report run() {
            if (!Files.isDirectory(logDirectory)) {
                return new Report(List.of(), 0, List.of(), List.of(), 0, null);
            }
            Path work = directory.resolve("repairing");
            deleteTree(work);
            WriteAheadLog old = WriteAheadLog.open(logDirectory);
            Report report;
            try (MapDbIndex index = MapDbIndex.open(createDirectories(work).resolve("old-index.db"), old)) {
                scan(old, index);
                if (!damage.isEmpty()) {
                    readKnownExecutions(work);
                }
                if (damage.isEmpty()) {
                    report = new Report(List.of(), 0, List.of(), List.of(), 0, null);
                } else {
                    report = salvage(index, work.resolve("store"));
                }
            } finally {
                old.close();
            }
            if (damage.isEmpty()) { // (the salvage's report has no place set aside yet: it is not a sign of no damage)
                deleteTree(work);
                return report;
            }
            Path aside = directory.resolve("damaged-" + Instant.now().toString().replace(':', '-'));
            swap(work.resolve("store"), aside);
            deleteTree(work);
            Report done = new Report(report.damage(), report.executionsKept(), report.lost(), report.machinesTouched(),
                    report.unnamedDamage(), aside);
            try {
                Files.writeString(aside.resolve("repair-report.txt"), done.describe(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the repair's report into " + aside, e);
            }
            return done;
        }

        /** Applies every whole record to a scratch index, noting damaged stretches and what they name. */
        private void scan(WriteAheadLog log, MapDbIndex index) {
            List<Long> segments = log.segments();
            for (int i = 0; i < segments.size(); i++) {
                long number = segments.get(i);
                ByteBuffer data = ByteBuffer.wrap(read(log.file(number)));
                int position = 0;
                while (true) {
                    SegmentScan.Next next = SegmentScan.next(data, position, number);
                    if (next.kind() == SegmentScan.Kind.END) {
                        break;
                    }
                    if (next.kind() == SegmentScan.Kind.GOOD) {
                        LogRecord record = next.record();
                        if (record.isSegmentEnd()) {
                            break;
                        }
                        BatchBody body = BatchBody.decode(record.body());
                        if (body != null) {
                            LoggedBatch batch = LoggedBatch.of(record, body);
                            note(batch);
                            index.apply(batch);
                            index.flush();
                            position += record.bytes();
                            continue;
                        }
                    }
                    int resumeAt = nextWholeRecord(data, position + 1, number);
                    boolean lastStretch = resumeAt < 0 && i == segments.size() - 1;
                    int end = resumeAt < 0 ? SegmentScan.lastNonZero(data, position) + 1 : resumeAt;
                    if (!lastStretch) {
                        damage.add(log.file(number) + ": bytes " + position + "-" + end);
                        if (!nameArns(data, position, end)) {
                            unnamedStretches++;
                        }
                    } // else the torn end of a crash: never acknowledged, as an opening would also take it
                    if (resumeAt < 0) {
                        break;
                    }
                    position = resumeAt;
                }
            }
        }

        private void note(LoggedBatch batch) {
            for (IndexChange change : batch.changes()) {
                if (change.value() == null || (change.map() != IndexMap.EVENTS && change.map() != IndexMap.JOURNAL)) {
                    continue;
                }
                int separator = change.key().lastIndexOf(IndexLayout.KEY_SEPARATOR);
                String arn = change.key().substring(0, separator);
                long last = IndexLayout.lastNumber(change.value());
                (change.map() == IndexMap.EVENTS ? lastEvent : lastJournal).merge(arn, last, Math::max);
            }
        }

        private static int nextWholeRecord(ByteBuffer data, int from, long segment) {
            for (int at = Math.max(0, from); at <= data.limit() - LogRecord.HEADER_BYTES; at++) {
                if (data.getInt(at) == LogRecord.MAGIC && LogRecord.parse(data, at, segment, 0, false) != null) {
                    return at;
                }
            }
            return -1;
        }

        /** Notes the ARNs readable in a damaged stretch; false when there are none. */
        private boolean nameArns(ByteBuffer data, int from, int to) {
            byte[] bytes = new byte[Math.max(0, to - from)];
            data.get(from, bytes);
            Matcher matcher = ARN.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
            boolean found = false;
            while (matcher.find()) {
                named.add("arn:aws:" + matcher.group());
                found = true;
            }
            return found;
        }

        /**
         * The executions the old index names, read from a copy of it (the original is set aside as it
         * is): it was built from the log before the damage, so an execution it names that the
         * salvage cannot carry over was lost, even when the damaged bytes no longer show its ARN.
         * An index that does not read (torn by a crash) names nothing.
         */
        private void readKnownExecutions(Path work) {
            Path original = directory.resolve("index.db");
            if (!Files.exists(original)) {
                return;
            }
            Path copy = work.resolve("known-index.db");
            try {
                Files.copy(original, copy, StandardCopyOption.REPLACE_EXISTING);
                try (MapDbIndex previous = MapDbIndex.openUnclosed(copy)) {
                    known.addAll(previous.executionArns());
                }
            } catch (IOException | RuntimeException | Error unreadable) {
                known.clear();
            }
        }

        /** Writes what is intact into a new store at {@code target}. */
        private Report salvage(MapDbIndex index, Path target) {
            List<String> lost = new ArrayList<>();
            List<String> touched = new ArrayList<>();
            for (String arn : named) {
                if (!arn.contains(":execution:") && !arn.contains(":express:")) {
                    touched.add(arn);
                }
            }
            int kept = 0;
            try (MapDbStore fresh = MapDbStore.open(target, StoreOptions.defaults().withRetention(null))) {
                WriteBatch machines = new WriteBatch();
                index.stateMachineValues().forEach(bytes -> machines.put(RecordCodec.readStateMachine(text(bytes))));
                index.activityValues().forEach(bytes -> machines.put(RecordCodec.readActivity(text(bytes))));
                index.aliasValues().forEach(bytes -> machines.put(RecordCodec.readAlias(text(bytes))));
                index.outbox(null, Integer.MAX_VALUE).forEach(machines::put); // status events not yet delivered
                fresh.commit(machines).toCompletableFuture().join();
                java.util.Set<String> seen = new java.util.HashSet<>();
                String cursor = null;
                do {
                    ExecutionPage page = index.executions(new ExecutionQuery(null, null, null, 1000, cursor));
                    for (ExecutionSummary summary : page.executions()) {
                        seen.add(summary.arn());
                        if (copy(index, summary.arn(), fresh)) {
                            kept++;
                        } else {
                            lost.add(summary.arn());
                        }
                    }
                    cursor = page.nextCursor();
                } while (cursor != null);
                for (String arn : new TreeSet<>(lastEvent.keySet())) {
                    if (!seen.contains(arn) && index.eventChunk(arn, 1) != null) {
                        lost.add(arn); // its history survives but its record does not (an expired one has neither)
                    }
                }
                for (String arn : named) {
                    if ((arn.contains(":execution:") || arn.contains(":express:")) && !seen.contains(arn)
                            && !lastEvent.containsKey(arn) && !isMapRunChild(arn)) {
                        lost.add(arn);
                    }
                }
                for (String arn : known) {
                    if (!seen.contains(arn)) {
                        lost.add(arn); // the index held it; the damage took every record of it
                    }
                }
            }
            List<String> lostArns = lost.stream().distinct().sorted().toList();
            int unnamed = known.isEmpty() ? unnamedStretches : 0; // else the old index named what they held
            return new Report(List.copyOf(damage), kept, lostArns, touched, unnamed, null);
        }

        /** Copies one execution when it is intact; false when damage took part of it. */
        private boolean copy(MapDbIndex index, String arn, MapDbStore fresh) {
            if (named.contains(arn)) {
                return false;
            }
            Optional<String> json;
            ExecutionRecord record;
            try {
                json = index.executionJson(arn);
                if (json.isEmpty()) {
                    return false;
                }
                record = RecordCodec.readExecution(json.get(), index::definition);
            } catch (RuntimeException unreadable) {
                return false;
            }
            List<StoredEvent> events = new ArrayList<>();
            List<JournalEntry> journal = new ArrayList<>();
            long eventsEnd = chain(index, arn, 1, true, events);
            long journalEnd = chain(index, arn, 0, false, journal);
            // A gap: a chunk in the middle was in a damaged stretch. (A succeeded execution's journal was dropped on purpose.)
            boolean journalKept = record.status() != dev.statewright.interpreter.engine.ExecutionStatus.SUCCEEDED;
            if (eventsEnd < lastEvent.getOrDefault(arn, 0L)
                    || (journalKept && journalEnd < lastJournal.getOrDefault(arn, -1L))) {
                return false;
            }
            WriteBatch batch = new WriteBatch().put(record);
            for (String mapRun : index.mapRunArnsOf(arn)) {
                byte[] value = index.mapRun(mapRun);
                if (value != null) {
                    batch.put(RecordCodec.readMapRun(text(value)));
                }
            }
            WriteBatch[] children = {batch};
            for (String mapRun : index.mapRunArnsOf(arn)) {
                index.forEachChildOf(mapRun, child -> {
                    Optional<String> childJson;
                    try {
                        childJson = index.mapRunChildJson(child);
                    } catch (RuntimeException unreadable) {
                        return; // a child in a damaged stretch: its run's counts still tell of it
                    }
                    childJson.ifPresent(text -> children[0].put(RecordCodec.readMapRunChild(text)));
                    if (children[0].mapRunChildren().size() == EVENTS_PER_BATCH) {
                        fresh.commit(children[0]).toCompletableFuture().join();
                        children[0] = new WriteBatch();
                    }
                });
            }
            batch = children[0];
            for (int i = 0; i < events.size(); i++) {
                batch.event(arn, events.get(i));
                if ((i + 1) % EVENTS_PER_BATCH == 0) {
                    fresh.commit(batch).toCompletableFuture().join();
                    batch = new WriteBatch();
                }
            }
            for (JournalEntry entry : journal) {
                batch.journal(arn, entry);
            }
            fresh.commit(batch).toCompletableFuture().join();
            return true;
        }

        /**
         * Whether the ARN is a Distributed Map's child execution's ({@code execution:MACHINE/LABEL:NAME}):
         * it is kept in its parent's batches, so damage to it is the parent's, reported as such.
         */
        private static boolean isMapRunChild(String arn) {
            int kind = arn.indexOf(":execution:");
            return kind >= 0 && arn.indexOf('/', kind) >= 0;
        }

        /** Reads a chain of chunks into {@code into}; returns the last number reached. */
        @SuppressWarnings("unchecked")
        private static long chain(MapDbIndex index, String arn, long first, boolean events, List<?> into) {
            long last = first - 1;
            for (long number = first; ; ) {
                byte[] entry = events ? index.eventChunk(arn, number) : index.journalChunk(arn, number);
                if (entry == null) {
                    return last;
                }
                for (String line : index.chunkText(entry).split(String.valueOf(IndexLayout.LINE_SEPARATOR))) {
                    if (events) {
                        ((List<StoredEvent>) into).add(IndexLayout.eventLine(line));
                    } else {
                        ((List<JournalEntry>) into).add(IndexLayout.journalLine(line));
                    }
                }
                last = index.lastNumber(entry);
                number = last + 1;
            }
        }

        /** Sets the old files aside and moves the new store's into their place. */
        private void swap(Path repaired, Path aside) {
            try {
                Files.createDirectories(aside);
                for (String name : List.of("log", "index.db", "index.closed", "store.format")) {
                    Path file = directory.resolve(name);
                    if (Files.exists(file)) {
                        Files.move(file, aside.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                    }
                }
                for (String name : List.of("log", "index.db", "index.closed", "store.format")) {
                    Path file = repaired.resolve(name);
                    if (Files.exists(file)) {
                        Files.move(file, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                    }
                }
                WriteAheadLog.syncDirectory(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot put the repaired store in place in " + directory
                        + " (the old files are in " + aside + ")", e);
            }
        }

        private static String text(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        private static byte[] read(Path file) {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }

        private static Path createDirectories(Path path) {
            try {
                return Files.createDirectories(path);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create " + path, e);
            }
        }

        private static void deleteTree(Path root) {
            if (!Files.exists(root)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot remove " + root, e);
            }
        }
    }
}
