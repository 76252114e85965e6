package dev.statewright.api.service;

import dev.statewright.api.store.MachineSettings;
import dev.statewright.api.store.StateMachineAliasRecord;
import dev.statewright.api.store.StateMachineRecord;
import dev.statewright.api.store.Store;
import dev.statewright.api.store.WriteBatch;
import dev.statewright.interpreter.model.StateMachineType;

import java.time.InstantSource;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The state machines, their published versions and their aliases, as AWS keeps them: read from
 * memory (they are few and small), changed through the store and kept in memory once durable.
 * A version is an immutable copy of the machine under {@code name:N}; an alias {@code name:alias}
 * routes each start to one of one or two versions by weight.
 */
public final class StateMachines {
    /** AWS's quotas: versions per state machine and aliases per state machine. */
    static final int MAX_VERSIONS = 1000;
    static final int MAX_ALIASES = 100;
    /** AWS's pattern for alias names: at least one character that is not a digit, so it never reads as a version. */
    private static final Pattern ALIAS_NAME = Pattern.compile("^(?=.*[a-zA-Z_\\-.])[a-zA-Z0-9_\\-.]+$");

    private final Store store;
    private final Arns arns;
    private final InstantSource clock;
    private final BiConsumer<String, StateMachineType> definitionCheck;
    private final Map<String, StateMachineRecord> machines = new ConcurrentHashMap<>();
    private final Map<String, StateMachineAliasRecord> aliases = new ConcurrentHashMap<>();
    private final SplittableRandom routingDraws = new SplittableRandom();
    /** Serialises changes, so create-if-absent, publishing and updates cannot interleave. */
    private final Object writes = new Object();

    /** A machine as a create or update left it, and the version it published (or null). */
    public record Written(StateMachineRecord machine, StateMachineRecord version) {
    }

    /**
     * What a start runs: the machine or version record, the version ARN when a version or alias
     * was named (else null) and the alias ARN when an alias was (else null).
     */
    public record StartTarget(StateMachineRecord runs, String versionArn, String aliasArn) {
    }

    /** @param definitionCheck throws InvalidDefinition for a definition this type of machine cannot run */
    StateMachines(Store store, Arns arns, InstantSource clock, BiConsumer<String, StateMachineType> definitionCheck) {
        this.store = store;
        this.arns = arns;
        this.clock = clock;
        this.definitionCheck = definitionCheck;
        store.stateMachines().forEach(record -> machines.put(record.arn(), record));
        store.aliases().forEach(alias -> aliases.put(alias.arn(), alias));
    }

    /** How long what other nodes changed may take to show in a lookup that finds the machine (a missing one is read at once). */
    private static final long CATCH_UP_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
    private long caughtUpAt = System.nanoTime();

    /**
     * On a store shared with other nodes, takes in what they created, changed or deleted: at once
     * when {@code force} (a lookup missed), else at most once a second.
     */
    private boolean catchUp(boolean force) {
        if (!store.sharedWithOtherNodes()) {
            return false;
        }
        synchronized (writes) {
            if (!force && System.nanoTime() - caughtUpAt < CATCH_UP_NANOS) {
                return false;
            }
            Map<String, StateMachineRecord> freshMachines = new java.util.HashMap<>();
            store.stateMachines().forEach(record -> freshMachines.put(record.arn(), record));
            Map<String, StateMachineAliasRecord> freshAliases = new java.util.HashMap<>();
            store.aliases().forEach(alias -> freshAliases.put(alias.arn(), alias));
            machines.keySet().retainAll(freshMachines.keySet());
            machines.putAll(freshMachines);
            aliases.keySet().retainAll(freshAliases.keySet());
            aliases.putAll(freshAliases);
            caughtUpAt = System.nanoTime();
            return true;
        }
    }

    private Map<String, StateMachineRecord> machines() {
        catchUp(false);
        return machines;
    }

    private Map<String, StateMachineAliasRecord> aliases() {
        catchUp(false);
        return aliases;
    }

    /** A machine or version; on a shared store, one this node has not seen yet is read alone (a whole catch-up per miss would cost a read of every machine). */
    private StateMachineRecord lookUp(String arn) {
        StateMachineRecord record = machines().get(arn);
        if (record != null || !store.sharedWithOtherNodes()) {
            return record;
        }
        synchronized (writes) {
            StateMachineRecord stored = store.stateMachine(arn).orElse(null);
            if (stored != null) {
                machines.put(arn, stored);
            }
            return stored;
        }
    }

    private StateMachineAliasRecord lookUpAlias(String arn) {
        StateMachineAliasRecord alias = aliases().get(arn);
        return alias == null && catchUp(true) ? aliases.get(arn) : alias;
    }

    // ---- machines ----

    public Written create(String name, String definition, String roleArn, StateMachineType type, Map<String, String> tags,
                          MachineSettings settings, boolean publish, String versionDescription) {
        Arns.checkName(name, "state machine");
        checkVersionDescription(publish, versionDescription);
        definitionCheck.accept(definition, type);
        String arn = arns.stateMachine(name);
        synchronized (writes) {
            StateMachineRecord existing = lookUp(arn);
            if (existing != null) {
                // AWS: the same name with the same settings is idempotent; anything else is a conflict.
                if (existing.definition().equals(definition) && Objects.equals(existing.roleArn(), roleArn)
                        && existing.type() == type && existing.settings().equals(existing.settings().updatedWith(settings))
                        && !publish) {
                    return new Written(existing, null);
                }
                throw new ServiceException("StateMachineAlreadyExists", "State Machine Already Exists: '" + arn + "'");
            }
            var now = clock.instant();
            StateMachineRecord machine = new StateMachineRecord(arn, name, type, definition, roleArn, now, now,
                    UUID.randomUUID().toString(), tags, settings, 0, 0, null);
            return publish ? publish(machine, versionDescription) : commit(new Written(machine, null));
        }
    }

    public Written update(String arn, String definition, String roleArn, MachineSettings settings, boolean publish,
                          String versionDescription) {
        boolean settingsGiven = !settings.equals(MachineSettings.NONE);
        if (definition == null && roleArn == null && !settingsGiven && !publish) {
            throw ServiceException.validation("Request is missing at least one of definition, roleArn,"
                    + " loggingConfiguration, tracingConfiguration, encryptionConfiguration or publish");
        }
        checkVersionDescription(publish, versionDescription);
        if (arns.qualifier(arn) != null) {
            throw ServiceException.validation("Invalid input: UpdateStateMachine takes the ARN of the state machine,"
                    + " not of a version or an alias: '" + arn + "'");
        }
        synchronized (writes) {
            StateMachineRecord current = machine(arn);
            if (definition != null) {
                definitionCheck.accept(definition, current.type());
            }
            StateMachineRecord updated = current;
            if (definition != null || roleArn != null || settingsGiven) {
                updated = new StateMachineRecord(current.arn(), current.name(), current.type(),
                        definition != null ? definition : current.definition(),
                        roleArn != null ? roleArn : current.roleArn(), current.creationDate(), clock.instant(),
                        UUID.randomUUID().toString(), current.tags(), current.settings().updatedWith(settings), 0,
                        current.lastVersion(), null);
            }
            return publish ? publish(updated, versionDescription) : commit(new Written(updated, null));
        }
    }

    /** The machine itself (unqualified ARN) or one of its versions; an alias is described by its own operation. */
    public StateMachineRecord describe(String arn) {
        String qualifier = arns.qualifier(arn);
        if (qualifier != null && !Arns.isVersionQualifier(qualifier)) {
            throw doesNotExist(arn);
        }
        StateMachineRecord record = lookUp(arn);
        if (record == null) {
            throw doesNotExist(arn);
        }
        return record;
    }

    /** The machine itself, whichever of its ARNs names it (a version or alias ARN names its machine). */
    public StateMachineRecord machineOf(String arn) {
        arns.stateMachineName(arn);
        return machine(arns.stateMachine(arns.stateMachineName(arn)));
    }

    /** The machine itself, or null when there is none. */
    public StateMachineRecord find(String arn) {
        return lookUp(arn);
    }

    /** The machines themselves (not their versions), oldest first. */
    public List<StateMachineRecord> list() {
        return machines().values().stream().filter(machine -> !machine.isVersion())
                .sorted(Comparator.comparing(StateMachineRecord::creationDate).thenComparing(StateMachineRecord::name))
                .toList();
    }

    /** Deletes a machine with its versions and aliases; its running executions go on, as on AWS. */
    public void delete(String arn) {
        if (arns.qualifier(arn) != null) {
            throw ServiceException.validation("Invalid input: DeleteStateMachine takes the ARN of the state machine;"
                    + " delete a version with DeleteStateMachineVersion and an alias with DeleteStateMachineAlias");
        }
        synchronized (writes) {
            if (lookUp(arn) == null) {
                return;
            }
            WriteBatch batch = new WriteBatch().deleteStateMachine(arn);
            List<String> versions = versionsOf(arn).stream().map(StateMachineRecord::arn).toList();
            List<String> machineAliases = aliasesOf(arn).stream().map(StateMachineAliasRecord::arn).toList();
            versions.forEach(batch::deleteStateMachine);
            machineAliases.forEach(batch::deleteAlias);
            commit(batch);
            machines.remove(arn);
            versions.forEach(machines::remove);
            machineAliases.forEach(aliases::remove);
        }
    }

    /** Replaces a machine's tags (the tag operations). */
    public void retag(String arn, java.util.function.UnaryOperator<Map<String, String>> change) {
        synchronized (writes) {
            StateMachineRecord current = lookUp(arn);
            if (current == null || current.isVersion()) {
                throw new ServiceException("ResourceNotFound", "Resource not found: '" + arn + "'");
            }
            StateMachineRecord tagged = current.withTags(change.apply(current.tags()));
            commit(new WriteBatch().put(tagged));
            machines.put(arn, tagged);
        }
    }

    // ---- versions ----

    /** PublishStateMachineVersion: a version of the machine as it is now, unless one of this revision exists. */
    public StateMachineRecord publishVersion(String arn, String revisionId, String description) {
        checkDescription(description, "description");
        if (arns.qualifier(arn) != null) {
            throw ServiceException.validation("Invalid input: PublishStateMachineVersion takes the ARN of the state"
                    + " machine, not of a version or an alias: '" + arn + "'");
        }
        synchronized (writes) {
            StateMachineRecord machine = machine(arn);
            if (revisionId != null && !revisionId.equals(machine.revisionId())
                    && !(revisionId.equals("INITIAL") && machine.creationDate().equals(machine.updateDate()))) {
                throw new ServiceException("ConflictException", "Failed to publish the State Machine version"
                        + " because the revisionId does not match the current revisionId. Current revisionId: '"
                        + machine.revisionId() + "'");
            }
            StateMachineRecord latest = latestVersion(arn);
            if (latest != null && latest.revisionId().equals(machine.revisionId())) {
                return latest; // idempotent: this revision is published already
            }
            return publish(machine, description).version();
        }
    }

    /** The machine's versions, newest first. */
    public List<StateMachineRecord> versions(String machineArn) {
        if (arns.qualifier(machineArn) != null) {
            throw ServiceException.validation("Invalid input: ListStateMachineVersions takes the ARN of the state"
                    + " machine, not of a version or an alias: '" + machineArn + "'");
        }
        machine(machineArn);
        return versionsOf(machineArn);
    }

    /** Deletes a version; refused while an alias routes to it. Deleting one that does not exist does nothing. */
    public void deleteVersion(String versionArn) {
        if (!Arns.isVersionQualifier(arns.qualifier(versionArn))) {
            throw new ServiceException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + versionArn + "'");
        }
        synchronized (writes) {
            if (lookUp(versionArn) == null) {
                return;
            }
            for (StateMachineAliasRecord alias : aliasesOf(machineArnOf(versionArn))) {
                if (alias.routing().stream().anyMatch(route -> route.stateMachineVersionArn().equals(versionArn))) {
                    throw new ServiceException("ConflictException", "Version to be deleted must not be referenced by"
                            + " an alias. Current list of aliases referencing this version: [" + alias.arn() + "]");
                }
            }
            commit(new WriteBatch().deleteStateMachine(versionArn));
            machines.remove(versionArn);
        }
    }

    // ---- aliases ----

    public StateMachineAliasRecord createAlias(String name, String description, List<StateMachineAliasRecord.Route> routing) {
        checkAliasName(name);
        checkDescription(description, "description");
        String machineArn = checkRouting(routing);
        String arn = machineArn + ":" + name;
        synchronized (writes) {
            StateMachineAliasRecord existing = lookUpAlias(arn);
            if (existing != null) {
                if (Objects.equals(existing.description(), description) && sameRouting(existing.routing(), routing)) {
                    return existing;
                }
                throw new ServiceException("ConflictException", "Failed to create alias because an alias with the"
                        + " same name and a different routing configuration already exists.");
            }
            if (aliasesOf(machineArn).size() >= MAX_ALIASES) {
                throw new ServiceException("ServiceQuotaExceededException", "The maximum number of aliases ("
                        + MAX_ALIASES + ") for the state machine '" + machineArn + "' has been reached");
            }
            var now = clock.instant();
            StateMachineAliasRecord alias = new StateMachineAliasRecord(arn, name, machineArn, description, routing, now, now);
            commit(new WriteBatch().put(alias));
            aliases.put(arn, alias);
            return alias;
        }
    }

    public StateMachineAliasRecord describeAlias(String arn) {
        checkAliasArn(arn);
        StateMachineAliasRecord alias = lookUpAlias(arn);
        if (alias == null) {
            throw new ServiceException("ResourceNotFound", "Resource not found: '" + arn + "'");
        }
        return alias;
    }

    public StateMachineAliasRecord updateAlias(String arn, String description, List<StateMachineAliasRecord.Route> routing) {
        if (description == null && routing == null) {
            throw ServiceException.validation("Invalid input: give a description or a routingConfiguration to update");
        }
        checkDescription(description, "description");
        checkAliasArn(arn);
        synchronized (writes) {
            StateMachineAliasRecord current = describeAlias(arn);
            if (routing != null && !checkRouting(routing).equals(current.stateMachineArn())) {
                throw ServiceException.validation("Invalid input: the routing configuration names versions of another"
                        + " state machine than the alias's");
            }
            StateMachineAliasRecord updated = current.updated(description != null ? description : current.description(),
                    routing != null ? routing : current.routing(), clock.instant());
            commit(new WriteBatch().put(updated));
            aliases.put(arn, updated);
            return updated;
        }
    }

    /** Deletes an alias (the versions it routes to stay); deleting one that does not exist does nothing. */
    public void deleteAlias(String arn) {
        checkAliasArn(arn);
        synchronized (writes) {
            if (lookUpAlias(arn) != null) {
                commit(new WriteBatch().deleteAlias(arn));
                aliases.remove(arn);
            }
        }
    }

    /** A machine's aliases, newest first. */
    public List<StateMachineAliasRecord> aliases(String machineArn) {
        if (arns.qualifier(machineArn) != null) {
            throw ServiceException.validation("Invalid input: ListStateMachineAliases takes the ARN of the state"
                    + " machine, not of a version or an alias: '" + machineArn + "'");
        }
        machine(machineArn);
        return aliasesOf(machineArn);
    }

    // ---- starts ----

    /** What a start on this ARN runs: the machine, a version, or a version an alias picks by its weights. */
    public StartTarget target(String arn) {
        String qualifier = arns.qualifier(arn);
        if (qualifier == null) {
            return new StartTarget(machine(arn), null, null);
        }
        if (Arns.isVersionQualifier(qualifier)) {
            return new StartTarget(describe(arn), arn, null);
        }
        StateMachineAliasRecord alias = lookUpAlias(arn);
        if (alias == null) {
            throw doesNotExist(arn);
        }
        String versionArn = pick(alias.routing());
        StateMachineRecord version = lookUp(versionArn);
        if (version == null) {
            throw doesNotExist(versionArn); // deleting a version an alias routes to is refused; kept for safety
        }
        return new StartTarget(version, versionArn, arn);
    }

    private String pick(List<StateMachineAliasRecord.Route> routing) {
        int draw;
        synchronized (routingDraws) {
            draw = routingDraws.nextInt(100);
        }
        int sum = 0;
        for (StateMachineAliasRecord.Route route : routing) {
            sum += route.weight();
            if (draw < sum) {
                return route.stateMachineVersionArn();
            }
        }
        return routing.get(routing.size() - 1).stateMachineVersionArn();
    }

    // ---- helpers ----

    /** Publishes {@code machine} as its next version, storing both; the caller holds {@link #writes}. */
    private Written publish(StateMachineRecord machine, String description) {
        if (versionsOf(machine.arn()).size() >= MAX_VERSIONS) {
            throw new ServiceException("ServiceQuotaExceededException", "The maximum number of versions ("
                    + MAX_VERSIONS + ") for the state machine '" + machine.arn() + "' has been reached; delete unused"
                    + " versions with DeleteStateMachineVersion");
        }
        int number = machine.lastVersion() + 1;
        StateMachineRecord published = machine.withLastVersion(number);
        StateMachineRecord version = published.asVersion(number, clock.instant(), description);
        return commit(new Written(published, version));
    }

    private Written commit(Written written) {
        WriteBatch batch = new WriteBatch().put(written.machine());
        if (written.version() != null) {
            batch.put(written.version());
        }
        commit(batch);
        machines.put(written.machine().arn(), written.machine());
        if (written.version() != null) {
            machines.put(written.version().arn(), written.version());
        }
        return written;
    }

    private void commit(WriteBatch batch) {
        store.commit(batch).toCompletableFuture().join();
    }

    private StateMachineRecord machine(String arn) {
        arns.stateMachineName(arn);
        StateMachineRecord record = lookUp(arn);
        if (record == null || record.isVersion()) {
            throw doesNotExist(arn);
        }
        return record;
    }

    private List<StateMachineRecord> versionsOf(String machineArn) {
        String prefix = machineArn + ":";
        return machines().values().stream().filter(record -> record.isVersion() && record.arn().startsWith(prefix)
                        && record.arn().indexOf(':', prefix.length()) < 0)
                .sorted(Comparator.comparingInt(StateMachineRecord::version).reversed()).toList();
    }

    private StateMachineRecord latestVersion(String machineArn) {
        List<StateMachineRecord> versions = versionsOf(machineArn);
        return versions.isEmpty() ? null : versions.get(0);
    }

    private List<StateMachineAliasRecord> aliasesOf(String machineArn) {
        return aliases().values().stream().filter(alias -> alias.stateMachineArn().equals(machineArn))
                .sorted(Comparator.comparing(StateMachineAliasRecord::creationDate).reversed()
                        .thenComparing(StateMachineAliasRecord::name)).toList();
    }

    private String machineArnOf(String qualifiedArn) {
        return arns.stateMachine(arns.stateMachineName(qualifiedArn));
    }

    /**
     * Checks a routing configuration as AWS does (one or two distinct, existing versions of one
     * machine, weights 0-100 adding up to 100) and returns that machine's ARN.
     */
    private String checkRouting(List<StateMachineAliasRecord.Route> routing) {
        if (routing == null || routing.isEmpty() || routing.size() > 2) {
            throw ServiceException.validation("1 validation error detected: Value at 'routingConfiguration' failed to"
                    + " satisfy constraint: Member must have length less than or equal to 2 and greater than or equal to 1");
        }
        Set<String> versions = new HashSet<>();
        String machineArn = null;
        int sum = 0;
        for (StateMachineAliasRecord.Route route : routing) {
            String versionArn = route.stateMachineVersionArn();
            if (versionArn == null || !Arns.isVersionQualifier(arns.qualifier(versionArn))) {
                throw new ServiceException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                        + versionArn + "'");
            }
            if (route.weight() < 0 || route.weight() > 100) {
                throw ServiceException.validation("1 validation error detected: Value '" + route.weight() + "' at"
                        + " 'routingConfiguration.member.weight' failed to satisfy constraint: Member must have value"
                        + " less than or equal to 100 and greater than or equal to 0");
            }
            String owner = machineArnOf(versionArn);
            if (machineArn != null && !machineArn.equals(owner)) {
                throw ServiceException.validation("Invalid input: the versions of a routing configuration must belong"
                        + " to the same state machine");
            }
            machineArn = owner;
            if (!versions.add(versionArn)) {
                throw ServiceException.validation("Invalid input: a routing configuration must not name the same"
                        + " version twice: '" + versionArn + "'");
            }
            if (lookUp(versionArn) == null) {
                throw new ServiceException("ResourceNotFound", "Resource not found: '" + versionArn + "'");
            }
            sum += route.weight();
        }
        if (sum != 100) {
            throw ServiceException.validation("Invalid input: the weights of a routing configuration must add up to"
                    + " 100, not " + sum);
        }
        return machineArn;
    }

    private static boolean sameRouting(List<StateMachineAliasRecord.Route> a, List<StateMachineAliasRecord.Route> b) {
        return new HashSet<>(a).equals(new HashSet<>(b)) && a.size() == b.size();
    }

    private void checkAliasArn(String arn) {
        String qualifier = arns.qualifier(arn);
        if (qualifier == null || Arns.isVersionQualifier(qualifier)) {
            throw new ServiceException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: " + arn + "'");
        }
    }

    private static void checkAliasName(String name) {
        if (name == null) {
            throw ServiceException.validation("1 validation error detected: Value null at 'name' failed to satisfy"
                    + " constraint: Member must not be null");
        }
        if (name.isEmpty() || name.length() > 80 || !ALIAS_NAME.matcher(name).matches()) {
            throw ServiceException.validation("1 validation error detected: Value '" + name + "' at 'name' failed to"
                    + " satisfy constraint: Member must satisfy regular expression pattern: "
                    + "^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$ and have length between 1 and 80");
        }
    }

    private static void checkDescription(String description, String member) {
        if (description != null && description.length() > 256) {
            throw ServiceException.validation("1 validation error detected: Value at '" + member + "' failed to satisfy"
                    + " constraint: Member must have length less than or equal to 256");
        }
    }

    private static void checkVersionDescription(boolean publish, String versionDescription) {
        checkDescription(versionDescription, "versionDescription");
        if (versionDescription != null && !publish) {
            throw ServiceException.validation("Invalid input: versionDescription may only be given when publish is true");
        }
    }

    private static ServiceException doesNotExist(String arn) {
        return new ServiceException("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
    }
}
