package dev.statewright.api.store.postgres;

import dev.statewright.api.store.DefinitionIds;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.MapRunChildRecord;
import dev.statewright.api.store.OutboxEntry;
import dev.statewright.api.store.MapRunRecord;
import dev.statewright.api.store.RecordCodec;
import dev.statewright.api.store.WriteBatch;
import dev.statewright.interpreter.engine.ExecutionStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a group of batches in the committer's transaction: what every turn writes in one
 * statement ({@link #MAIN}), the rarer tables one JDBC batch each. Records of the same key in
 * several batches of a group are written once, as the last batch left them (a later batch wins,
 * as it would committed alone after the earlier ones).
 */
final class GroupWriter {
    private GroupWriter() {
    }

    /**
     * A batch made ready on the thread that hands it in: its events packed, its records written as
     * JSON with their definitions named, the executions it writes and those it starts (its events
     * of them begin at id 1: nothing of them is stored yet, so they have no lease row to check and
     * no journal from before).
     */
    record Prepared(WriteBatch batch, Map<String, List<ChunkPacking.Packed>> events, Map<String, String> definitionIdByArn,
                    Map<String, String> newDefinitions, Map<String, String> recordTexts, Set<String> executionArns,
                    Set<String> started) {
    }

    static Prepared prepare(WriteBatch batch, DefinitionIds known, ChunkPacking packing) {
        Map<String, List<ChunkPacking.Packed>> events = new LinkedHashMap<>();
        batch.eventChunks().forEach((arn, chunks) -> events.put(arn, chunks.stream().map(packing::pack).toList()));
        Map<String, String> idByArn = new LinkedHashMap<>();
        Map<String, String> newDefinitions = new LinkedHashMap<>();
        Map<String, String> recordTexts = new LinkedHashMap<>();
        batch.executions().forEach((arn, record) -> {
            String id = known.idOf(record.definition());
            if (id == null) {
                id = DefinitionIds.contentId(record.definition());
                newDefinitions.putIfAbsent(id, record.definition());
            }
            idByArn.put(arn, id);
            recordTexts.put(arn, RecordCodec.write(record, id));
        });
        Set<String> started = new HashSet<>();
        events.forEach((arn, chunks) -> {
            if (chunks.stream().anyMatch(chunk -> chunk.firstId() == 1)) {
                started.add(arn);
            }
        });
        return new Prepared(batch, events, idByArn, newDefinitions, recordTexts, PostgresStore.executionsOf(batch, events),
                started);
    }

    /**
     * A group's batches merged: records of the same key in several batches are written once, as the
     * last batch left them; a succeeded execution's journal is dropped, or not written at all when
     * the execution also started in the group ({@code succeededWithin}).
     */
    record Merged(List<Prepared> batches, Map<String, String> machines, Map<String, String> activities,
                  Map<String, String> aliases, Map<String, String> definitions, Map<String, ExecutionRecord> executions,
                  Map<String, String> definitionIds, Map<String, String> recordTexts, Map<String, MapRunRecord> mapRuns,
                  Map<String, MapRunChildRecord> children, Map<String, String> outbox, Set<String> succeededWithin,
                  List<String> succeededBefore) {

        /** Whether the group writes only what {@link #MAIN} writes: executions, their events, journals and definitions. */
        boolean fitsOneStatement() {
            return machines.isEmpty() && activities.isEmpty() && aliases.isEmpty() && mapRuns.isEmpty() && children.isEmpty()
                    && outbox.isEmpty() && succeededBefore.isEmpty();
        }
    }

    static Merged merge(List<Prepared> group) {
        Map<String, String> machines = new LinkedHashMap<>(); // ARN -> record, null when deleted
        Map<String, String> activities = new LinkedHashMap<>();
        Map<String, String> aliases = new LinkedHashMap<>();
        Map<String, String> definitions = new LinkedHashMap<>();
        Map<String, ExecutionRecord> executions = new LinkedHashMap<>();
        Map<String, String> definitionIds = new LinkedHashMap<>();
        Map<String, String> recordTexts = new LinkedHashMap<>();
        Map<String, MapRunRecord> mapRuns = new LinkedHashMap<>();
        Map<String, MapRunChildRecord> children = new LinkedHashMap<>();
        Map<String, String> outbox = new LinkedHashMap<>(); // key -> json, or null once sent
        Set<String> started = new HashSet<>();
        for (Prepared prepared : group) {
            WriteBatch batch = prepared.batch();
            batch.stateMachines().forEach((arn, record) -> machines.put(arn, RecordCodec.write(record)));
            batch.deletedStateMachines().forEach(arn -> machines.put(arn, null));
            batch.activities().forEach((arn, record) -> activities.put(arn, RecordCodec.write(record)));
            batch.deletedActivities().forEach(arn -> activities.put(arn, null));
            batch.aliases().forEach((arn, record) -> aliases.put(arn, RecordCodec.write(record)));
            batch.deletedAliases().forEach(arn -> aliases.put(arn, null));
            definitions.putAll(prepared.newDefinitions());
            executions.putAll(batch.executions());
            definitionIds.putAll(prepared.definitionIdByArn());
            recordTexts.putAll(prepared.recordTexts());
            mapRuns.putAll(batch.mapRuns());
            children.putAll(batch.mapRunChildren());
            batch.outbox().forEach(entry -> outbox.put(entry.key(), entry.json()));
            batch.sentOutbox().forEach(key -> outbox.put(key, null));
            started.addAll(prepared.started());
        }
        // Nothing replays a succeeded execution again: its journal goes (a failed one's stays, for a redrive).
        Set<String> succeededWithin = new HashSet<>();
        List<String> succeededBefore = new ArrayList<>();
        for (ExecutionRecord record : executions.values()) {
            if (record.status() == ExecutionStatus.SUCCEEDED) {
                (started.contains(record.arn()) ? succeededWithin : succeededBefore).add(record.arn());
            }
        }
        return new Merged(group, machines, activities, aliases, definitions, executions, definitionIds, recordTexts, mapRuns,
                children, outbox, succeededWithin, succeededBefore);
    }

    /**
     * Writes a merged group, taking the leases in {@code take} for this node ({@code owner}); the
     * outbox entries the group adds are the owner's to deliver.
     */
    static void write(Connection connection, Merged group, String owner, List<String> take, double leaseSeconds)
            throws SQLException {
        writeKeyed(connection, "state_machines", group.machines());
        writeKeyed(connection, "activities", group.activities());
        writeKeyed(connection, "aliases", group.aliases());
        writeMain(connection, group, owner, take, leaseSeconds);
        writeMapRuns(connection, group.mapRuns());
        writeMapRunChildren(connection, group.children());
        writeOutbox(connection, group.outbox(), owner);
        if (!group.succeededBefore().isEmpty()) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM journal WHERE execution_arn = ANY (?)")) {
                delete.setArray(1, connection.createArrayOf("text", group.succeededBefore().toArray()));
                delete.executeUpdate();
            }
        }
    }

    /**
     * The rows every turn of an execution writes, all in one statement over arrays: a group's round
     * trips to the database, not its rows, are what its batches wait for (PostgreSQL runs the
     * statement's parts on one snapshot; they touch different tables).
     */
    static final String MAIN = "WITH definition_rows AS (INSERT INTO definitions (id, definition)"
            + " SELECT * FROM unnest(?::text[], ?::text[]) ON CONFLICT (id) DO NOTHING),"
            + " execution_rows AS (INSERT INTO executions (arn, name, state_machine_arn, state_machine_name, status,"
            + " start_nanos, stop_nanos, version_arn, alias_arn, redrive_count, redrive_nanos, definition_id, record)"
            + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[],"
            + " ?::text[], ?::text[], ?::integer[], ?::bigint[], ?::text[], ?::text[])"
            + " ON CONFLICT (arn) DO UPDATE SET name = excluded.name, state_machine_arn = excluded.state_machine_arn,"
            + " state_machine_name = excluded.state_machine_name, status = excluded.status,"
            + " start_nanos = excluded.start_nanos, stop_nanos = excluded.stop_nanos, version_arn = excluded.version_arn,"
            + " alias_arn = excluded.alias_arn, redrive_count = excluded.redrive_count,"
            + " redrive_nanos = excluded.redrive_nanos, definition_id = excluded.definition_id, record = excluded.record),"
            + " chunk_rows AS (INSERT INTO event_chunks (execution_arn, first_id, last_id, zstd, body)"
            + " SELECT * FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::boolean[], ?::bytea[])),"
            + " journal_rows AS (INSERT INTO journal (execution_arn, sequence, time_nanos, json)"
            + " SELECT * FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::text[])),"
            + " lease_rows AS (INSERT INTO leases (execution_arn, owner, epoch, expires_at)"
            + " SELECT arn, ?, 1, now() + make_interval(secs => ?) FROM unnest(?::text[]) AS taken (arn))"
            + " SELECT 1";

    private static void writeMain(Connection connection, Merged group, String owner, List<String> take,
                                  double leaseSeconds) throws SQLException {
        Columns definitions = new Columns(2);
        group.definitions().forEach((id, text) -> definitions.add(id, text));
        Columns executions = new Columns(13);
        for (ExecutionRecord record : group.executions().values()) {
            executions.add(record.arn(), record.name(), record.stateMachineArn(), record.stateMachineName(),
                    record.status().name(), nanos(record.startDate()),
                    record.stopDate() == null ? null : nanos(record.stopDate()),
                    record.start().stateMachineVersionArn(), record.start().stateMachineAliasArn(), record.redrives().count(),
                    record.redrives().lastDate() == null ? null : nanos(record.redrives().lastDate()),
                    group.definitionIds().get(record.arn()), group.recordTexts().get(record.arn()));
        }
        Columns chunks = new Columns(5);
        Columns journal = new Columns(4);
        for (Prepared prepared : group.batches()) {
            prepared.events().forEach((arn, packed) -> packed.forEach(chunk ->
                    chunks.add(arn, chunk.firstId(), chunk.lastId(), chunk.zstd(), chunk.body())));
            prepared.batch().journal().forEach((arn, entries) -> {
                if (!group.succeededWithin().contains(arn)) {
                    entries.forEach(entry -> journal.add(arn, entry.sequence(), entry.timeNanos(), entry.json()));
                }
            });
        }
        if (executions.isEmpty() && definitions.isEmpty() && chunks.isEmpty() && journal.isEmpty() && take.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(MAIN)) {
            int at = 1;
            at = definitions.bind(connection, statement, at, "text", "text");
            at = executions.bind(connection, statement, at, "text", "text", "text", "text", "text", "bigint", "bigint", "text",
                    "text", "integer", "bigint", "text", "text");
            at = chunks.bind(connection, statement, at, "text", "bigint", "bigint", "boolean", "bytea");
            at = journal.bind(connection, statement, at, "text", "bigint", "bigint", "text");
            statement.setString(at++, owner);
            statement.setDouble(at++, leaseSeconds);
            statement.setArray(at, connection.createArrayOf("text", take.toArray(new String[0])));
            statement.execute();
        }
    }

    /** Rows gathered column by column, each column bound as one array parameter. */
    private static final class Columns {
        private final List<List<Object>> columns = new ArrayList<>();

        Columns(int count) {
            for (int i = 0; i < count; i++) {
                columns.add(new ArrayList<>());
            }
        }

        void add(Object... row) {
            for (int i = 0; i < row.length; i++) {
                columns.get(i).add(row[i]);
            }
        }

        boolean isEmpty() {
            return columns.get(0).isEmpty();
        }

        int bind(Connection connection, PreparedStatement statement, int at, String... types) throws SQLException {
            for (int i = 0; i < types.length; i++) {
                statement.setArray(at + i, connection.createArrayOf(types[i], array(types[i], columns.get(i))));
            }
            return at + types.length;
        }

        private static Object[] array(String type, List<Object> values) {
            return switch (type) {
                case "bigint" -> values.toArray(new Long[0]);
                case "integer" -> values.toArray(new Integer[0]);
                case "boolean" -> values.toArray(new Boolean[0]);
                case "bytea" -> values.toArray(new byte[0][]);
                default -> values.toArray(new String[0]);
            };
        }
    }

    private static void writeKeyed(Connection connection, String table, Map<String, String> records) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + table + " (arn, record) VALUES (?, ?)"
                + " ON CONFLICT (arn) DO UPDATE SET record = excluded.record");
             PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE arn = ?")) {
            boolean upserts = false;
            boolean deletes = false;
            for (Map.Entry<String, String> record : records.entrySet()) {
                if (record.getValue() == null) {
                    delete.setString(1, record.getKey());
                    delete.addBatch();
                    deletes = true;
                } else {
                    upsert.setString(1, record.getKey());
                    upsert.setString(2, record.getValue());
                    upsert.addBatch();
                    upserts = true;
                }
            }
            if (upserts) {
                upsert.executeBatch();
            }
            if (deletes) {
                delete.executeBatch();
            }
        }
    }

    private static void writeMapRuns(Connection connection, Map<String, MapRunRecord> mapRuns) throws SQLException {
        if (mapRuns.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO map_runs (arn, execution_arn, start_nanos,"
                + " record) VALUES (?, ?, ?, ?) ON CONFLICT (arn) DO UPDATE SET execution_arn = excluded.execution_arn,"
                + " start_nanos = excluded.start_nanos, record = excluded.record")) {
            for (MapRunRecord run : mapRuns.values()) {
                upsert.setString(1, run.arn());
                upsert.setString(2, run.executionArn());
                upsert.setLong(3, nanos(run.startDate()));
                upsert.setString(4, RecordCodec.write(run));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private static void writeMapRunChildren(Connection connection, Map<String, MapRunChildRecord> children)
            throws SQLException {
        if (children.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO map_run_children (arn, map_run_arn,"
                + " item_index, status, record) VALUES (?, ?, ?, ?, ?) ON CONFLICT (arn) DO UPDATE SET"
                + " status = excluded.status, record = excluded.record")) {
            for (MapRunChildRecord child : children.values()) {
                upsert.setString(1, child.executionArn());
                upsert.setString(2, child.mapRunArn());
                upsert.setInt(3, child.index());
                upsert.setString(4, child.status().name());
                upsert.setString(5, RecordCodec.write(child));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** Outbox entries put (json) or sent (null), in the order the group's batches gave them. */
    private static void writeOutbox(Connection connection, Map<String, String> outbox, String nodeId) throws SQLException {
        if (outbox.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO outbox (execution_arn, event_id, json,"
                + " node_id) VALUES (?, ?, ?, ?) ON CONFLICT (execution_arn, event_id) DO UPDATE SET json = excluded.json,"
                + " node_id = excluded.node_id");
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM outbox WHERE execution_arn = ? AND event_id = ?")) {
            boolean upserts = false;
            boolean deletes = false;
            for (Map.Entry<String, String> entry : outbox.entrySet()) {
                String arn = OutboxEntry.executionArnOf(entry.getKey());
                long eventId = OutboxEntry.eventIdOf(entry.getKey());
                if (entry.getValue() != null) {
                    upsert.setString(1, arn);
                    upsert.setLong(2, eventId);
                    upsert.setString(3, entry.getValue());
                    upsert.setString(4, nodeId);
                    upsert.addBatch();
                    upserts = true;
                } else {
                    delete.setString(1, arn);
                    delete.setLong(2, eventId);
                    delete.addBatch();
                    deletes = true;
                }
            }
            if (upserts) {
                upsert.executeBatch();
            }
            if (deletes) {
                delete.executeBatch();
            }
        }
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
