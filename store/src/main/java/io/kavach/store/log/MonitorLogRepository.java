package io.kavach.store.log;

import io.kavach.store.jooq.tables.records.MonitorLogRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.List;

import static io.kavach.store.jooq.Tables.MONITOR_LOG;

/**
 * Reads the monitor log for people (the {@code logs} command). Rows are written only by the
 * {@link io.kavach.store.writer.StoreWriter}.
 *
 * <p>Threading: stateless.
 */
public final class MonitorLogRepository {

    /** The newest {@code limit} fires, of one rule when {@code ruleId} is not null; newest first. */
    public List<MonitorLogRow> latest(final DSLContext dsl, final Long ruleId, final int limit) {
        final Condition where = ruleId == null ? DSL.noCondition() : MONITOR_LOG.RULE_ID.eq(ruleId);
        return dsl.selectFrom(MONITOR_LOG).where(where)
            .orderBy(MONITOR_LOG.FIRED_AT.desc(), MONITOR_LOG.JOURNAL_DAY.desc(), MONITOR_LOG.JOURNAL_SEQ.desc(), MONITOR_LOG.ID.desc())
            .limit(limit)
            .fetch(MonitorLogRepository::toRow);
    }

    private static MonitorLogRow toRow(final MonitorLogRecord r) {
        return new MonitorLogRow(r.getId(), r.getJournalDay(), r.getJournalSeq(), r.getRuleId(), r.getUserId(), r.getTriggerType(),
            r.getActionType(), r.getTriggerSnapshot().data(), r.getActionResult() == null ? null : r.getActionResult().data(),
            r.getActionTaken(), r.getFiredAt());
    }
}
