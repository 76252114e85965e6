package dev.statewright.api.store.postgres;

import dev.statewright.api.store.DefinitionIds;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.JournalEntry;
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
 * Writes a group of batches in the committer's transaction: one JDBC batch per statement for the
 * whole group. Records of the same key in several batches of a group are written once, as the
 * last batch left them (a later batch wins, as it would committed alone after the earlier ones).
 */
final class GroupWriter {
    private GroupWriter() {
    }

    /**
     * A batch made ready on the committer: its events packed, its executions' definitions named, the
     * executions it writes and those it starts (its events of them begin at id 1: nothing of them is
     * stored yet, so they have no lease row to check and no journal from before).
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

    /** Writes a group's batches; the outbox entries they add are {@code nodeId}'s to deliver. */
    static void write(Connection connection, List<Prepared> group, String nodeId) throws SQLException {
        if (group.isEmpty()) {
            return;
        }
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
        }
        writeKeyed(connection, "state_machines", machines);
        writeKeyed(connection, "activities", activities);
        writeKeyed(connection, "aliases", aliases);
        if (!definitions.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO definitions (id, definition) VALUES (?, ?) ON CONFLICT (id) DO NOTHING")) {
                for (Map.Entry<String, String> definition : definitions.entrySet()) {
                    insert.setString(1, definition.getKey());
                    insert.setString(2, definition.getValue());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        // Nothing replays a succeeded execution again: its journal goes (a failed one's stays, for a redrive).
        // One that starts and succeeds in this group has no journal stored: its entries are not written at all.
        Set<String> started = new HashSet<>();
        group.forEach(prepared -> started.addAll(prepared.started()));
        Set<String> succeededWithin = new HashSet<>();
        List<String> succeededBefore = new ArrayList<>();
        for (ExecutionRecord record : executions.values()) {
            if (record.status() == ExecutionStatus.SUCCEEDED) {
                (started.contains(record.arn()) ? succeededWithin : succeededBefore).add(record.arn());
            }
        }
        writeExecutions(connection, executions, definitionIds, recordTexts);
        writeEvents(connection, group);
        writeJournal(connection, group, succeededWithin);
        writeMapRuns(connection, mapRuns);
        writeMapRunChildren(connection, children);
        writeOutbox(connection, outbox, nodeId);
        if (!succeededBefore.isEmpty()) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM journal WHERE execution_arn = ANY (?)")) {
                delete.setArray(1, connection.createArrayOf("text", succeededBefore.toArray()));
                delete.executeUpdate();
            }
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

    private static void writeExecutions(Connection connection, Map<String, ExecutionRecord> executions,
                                        Map<String, String> definitionIds, Map<String, String> recordTexts)
            throws SQLException {
        if (executions.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO executions (arn, name, state_machine_arn,"
                + " state_machine_name, status, start_nanos, stop_nanos, version_arn, alias_arn, redrive_count,"
                + " redrive_nanos, definition_id, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (arn) DO UPDATE SET name = excluded.name, state_machine_arn = excluded.state_machine_arn,"
                + " state_machine_name = excluded.state_machine_name, status = excluded.status,"
                + " start_nanos = excluded.start_nanos, stop_nanos = excluded.stop_nanos, version_arn = excluded.version_arn,"
                + " alias_arn = excluded.alias_arn, redrive_count = excluded.redrive_count,"
                + " redrive_nanos = excluded.redrive_nanos, definition_id = excluded.definition_id, record = excluded.record")) {
            for (ExecutionRecord record : executions.values()) {
                String definitionId = definitionIds.get(record.arn());
                upsert.setString(1, record.arn());
                upsert.setString(2, record.name());
                upsert.setString(3, record.stateMachineArn());
                upsert.setString(4, record.stateMachineName());
                upsert.setString(5, record.status().name());
                upsert.setLong(6, nanos(record.startDate()));
                PostgresStore.setNullableLong(upsert, 7, record.stopDate() == null ? null : nanos(record.stopDate()));
                upsert.setString(8, record.start().stateMachineVersionArn());
                upsert.setString(9, record.start().stateMachineAliasArn());
                upsert.setInt(10, record.redrives().count());
                PostgresStore.setNullableLong(upsert, 11,
                        record.redrives().lastDate() == null ? null : nanos(record.redrives().lastDate()));
                upsert.setString(12, definitionId);
                upsert.setString(13, recordTexts.get(record.arn()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private static void writeEvents(Connection connection, List<Prepared> group) throws SQLException {
        boolean any = false;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO event_chunks (execution_arn, first_id, last_id, zstd, body) VALUES (?, ?, ?, ?, ?)")) {
            for (Prepared prepared : group) {
                for (Map.Entry<String, List<ChunkPacking.Packed>> chunks : prepared.events().entrySet()) {
                    for (ChunkPacking.Packed chunk : chunks.getValue()) {
                        insert.setString(1, chunks.getKey());
                        insert.setLong(2, chunk.firstId());
                        insert.setLong(3, chunk.lastId());
                        insert.setBoolean(4, chunk.zstd());
                        insert.setBytes(5, chunk.body());
                        insert.addBatch();
                        any = true;
                    }
                }
            }
            if (any) {
                insert.executeBatch();
            }
        }
    }

    private static void writeJournal(Connection connection, List<Prepared> group, Set<String> skipped) throws SQLException {
        boolean any = false;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO journal (execution_arn, sequence, time_nanos, json) VALUES (?, ?, ?, ?)")) {
            for (Prepared prepared : group) {
                for (Map.Entry<String, List<JournalEntry>> entries : prepared.batch().journal().entrySet()) {
                    if (skipped.contains(entries.getKey())) {
                        continue;
                    }
                    for (JournalEntry entry : entries.getValue()) {
                        insert.setString(1, entries.getKey());
                        insert.setLong(2, entry.sequence());
                        insert.setLong(3, entry.timeNanos());
                        insert.setString(4, entry.json());
                        insert.addBatch();
                        any = true;
                    }
                }
            }
            if (any) {
                insert.executeBatch();
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
