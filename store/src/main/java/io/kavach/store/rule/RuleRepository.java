package io.kavach.store.rule;

import io.kavach.store.StoreTime;
import io.kavach.store.jooq.tables.records.MonitorRuleRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import static io.kavach.store.jooq.Tables.MONITOR_RULE;

/**
 * Reads and writes {@code monitor_rule}. Every write commits a NOTIFY (database trigger), which is
 * how a running engine learns of it within a second.
 *
 * <p>Threading: stateless; each call runs on the caller's {@link DSLContext} (and its transaction).
 */
public final class RuleRepository {

    public long insert(final DSLContext dsl, final RuleDefinition d) {
        return insert(dsl, 0, d);
    }

    /**
     * Ids for rules about to be added, taken from the table's identity sequence, so rules that name
     * each other (an OCO pair) can be validated with their final ids before anything is written.
     * An id reserved but not used leaves a gap, nothing else.
     */
    public long[] reserveIds(final DSLContext dsl, final int count) {
        final long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = dsl.select(DSL.field("nextval(pg_get_serial_sequence('monitor_rule', 'id'))", Long.class)).fetchOne().value1();
        }
        return ids;
    }

    /** Inserts with a {@link #reserveIds reserved} id, or with the next id when {@code id} is 0. */
    public long insert(final DSLContext dsl, final long id, final RuleDefinition d) {
        return dsl.insertInto(MONITOR_RULE)
            .set(MONITOR_RULE.ID, id == 0 ? DSL.defaultValue(MONITOR_RULE.ID) : DSL.val(id))
            .set(MONITOR_RULE.USER_ID, d.userId())
            .set(MONITOR_RULE.NAME, d.name())
            .set(MONITOR_RULE.ENABLED, d.enabled())
            .set(MONITOR_RULE.TRIGGER_TYPE, d.triggerType())
            .set(MONITOR_RULE.TRIGGER_CONFIG, JSONB.valueOf(d.triggerConfigJson()))
            .set(MONITOR_RULE.ACTION_TYPE, d.actionType())
            .set(MONITOR_RULE.ACTION_CONFIG, JSONB.valueOf(d.actionConfigJson()))
            .set(MONITOR_RULE.INSTRUMENT_TOKEN, d.instrumentToken())
            .set(MONITOR_RULE.SYMBOL, d.symbol())
            .set(MONITOR_RULE.LINKED_TRADE_ID, d.linkedTradeId())
            .set(MONITOR_RULE.LINKED_ORDER_ID, d.linkedOrderId())
            .set(MONITOR_RULE.MAX_FIRES, d.maxFires())
            .set(MONITOR_RULE.EXPIRES_AT, StoreTime.toDb(d.expiresAt()))
            .returning(MONITOR_RULE.ID)
            .fetchOne()
            .getId();
    }

    /** Replaces a rule's action config (an OCO's legs learn each other's ids this way, in the adding transaction). */
    public boolean updateActionConfig(final DSLContext dsl, final long id, final String actionConfigJson) {
        return dsl.update(MONITOR_RULE)
            .set(MONITOR_RULE.ACTION_CONFIG, JSONB.valueOf(actionConfigJson))
            .where(MONITOR_RULE.ID.eq(id).and(MONITOR_RULE.DELETED_AT.isNull()))
            .execute() == 1;
    }

    /** The rule, deleted or not. */
    public Optional<RuleRow> find(final DSLContext dsl, final long id) {
        return dsl.selectFrom(MONITOR_RULE).where(MONITOR_RULE.ID.eq(id)).fetchOptional().map(RuleRepository::toRow);
    }

    public List<RuleRow> findAll(final DSLContext dsl, final Collection<Long> ids) {
        return dsl.selectFrom(MONITOR_RULE).where(MONITOR_RULE.ID.in(ids)).orderBy(MONITOR_RULE.ID).fetch(RuleRepository::toRow);
    }

    /** Rules not deleted, by id; with {@code activeOnly}, only those that can still fire at {@code now}. */
    public List<RuleRow> list(final DSLContext dsl, final boolean activeOnly, final Instant now) {
        Condition where = MONITOR_RULE.DELETED_AT.isNull();
        if (activeOnly) {
            where = where.and(MONITOR_RULE.ENABLED.isTrue())
                .and(MONITOR_RULE.MAX_FIRES.isNull().or(MONITOR_RULE.FIRE_COUNT.lt(MONITOR_RULE.MAX_FIRES)))
                .and(MONITOR_RULE.EXPIRES_AT.isNull().or(MONITOR_RULE.EXPIRES_AT.gt(StoreTime.toDb(now))));
        }
        return dsl.selectFrom(MONITOR_RULE).where(where).orderBy(MONITOR_RULE.ID).fetch(RuleRepository::toRow);
    }

    /** Ids of rules not deleted (what a cancel_rule or enable_rule may name). */
    public java.util.Set<Long> liveIds(final DSLContext dsl) {
        return new java.util.HashSet<>(dsl.select(MONITOR_RULE.ID).from(MONITOR_RULE).where(MONITOR_RULE.DELETED_AT.isNull())
            .fetch(MONITOR_RULE.ID));
    }

    /** Every rule's id, version and deletion, for the change poller's comparison. */
    public List<RuleVersion> versions(final DSLContext dsl) {
        return dsl.select(MONITOR_RULE.ID, MONITOR_RULE.USER_ID, MONITOR_RULE.VERSION, MONITOR_RULE.DELETED_AT)
            .from(MONITOR_RULE)
            .orderBy(MONITOR_RULE.ID)
            .fetch(r -> new RuleVersion(r.value1(), r.value2(), r.value3(), r.value4() != null));
    }

    /** Returns false when no such (undeleted) rule exists. */
    public boolean setEnabled(final DSLContext dsl, final long id, final boolean enabled) {
        return dsl.update(MONITOR_RULE)
            .set(MONITOR_RULE.ENABLED, enabled)
            .where(MONITOR_RULE.ID.eq(id).and(MONITOR_RULE.DELETED_AT.isNull()))
            .execute() == 1;
    }

    /** Soft delete: the row stays for its monitor log; returns false when no such (undeleted) rule exists. */
    public boolean delete(final DSLContext dsl, final long id, final Instant now) {
        return dsl.update(MONITOR_RULE)
            .set(MONITOR_RULE.DELETED_AT, StoreTime.toDb(now))
            .set(MONITOR_RULE.ENABLED, false)
            .where(MONITOR_RULE.ID.eq(id).and(MONITOR_RULE.DELETED_AT.isNull()))
            .execute() == 1;
    }

    /**
     * The engine's bookkeeping after a fire: fire count and last fire time, never going backwards (a
     * row re-written from the journal after an outage changes nothing). Does not bump the version.
     */
    public void recordFire(final DSLContext dsl, final long id, final int fireCount, final Instant firedAt) {
        // PostgreSQL's GREATEST skips NULL: the first fire sets fired_at
        dsl.update(MONITOR_RULE)
            .set(MONITOR_RULE.FIRE_COUNT, DSL.greatest(MONITOR_RULE.FIRE_COUNT, DSL.val(fireCount)))
            .set(MONITOR_RULE.FIRED_AT, DSL.greatest(MONITOR_RULE.FIRED_AT, DSL.val(StoreTime.toDb(firedAt))))
            .where(MONITOR_RULE.ID.eq(id))
            .execute();
    }

    static RuleRow toRow(final MonitorRuleRecord r) {
        return new RuleRow(r.getId(), r.getUserId(), r.getName(), r.getEnabled(), r.getTriggerType(),
            r.getTriggerConfig().data(), r.getActionType(), r.getActionConfig().data(), r.getInstrumentToken(),
            r.getSymbol(), r.getLinkedTradeId(), r.getLinkedOrderId(), r.getFireCount(), r.getMaxFires(),
            r.getExpiresAt(), r.getCreatedAt(), r.getUpdatedAt(), r.getFiredAt(), r.getVersion(), r.getDeletedAt());
    }
}
