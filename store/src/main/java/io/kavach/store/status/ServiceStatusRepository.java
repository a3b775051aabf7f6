package io.kavach.store.status;

import io.kavach.store.StoreTime;
import org.jooq.DSLContext;
import org.jooq.JSONB;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.kavach.store.jooq.Tables.SERVICE_STATUS;
import static io.kavach.store.jooq.Tables.USERS;

/**
 * The heartbeat row of each service and the users' halt state.
 *
 * <p>Threading: stateless.
 */
public final class ServiceStatusRepository {
    public static final String ENGINE_SERVICE = "engine";

    public void upsert(final DSLContext dsl, final ServiceStatus s) {
        dsl.insertInto(SERVICE_STATUS)
            .set(SERVICE_STATUS.SERVICE, s.service())
            .set(SERVICE_STATUS.INSTANCE_ID, s.instanceId())
            .set(SERVICE_STATUS.PID, s.pid())
            .set(SERVICE_STATUS.HOST, s.host())
            .set(SERVICE_STATUS.STATE, s.state())
            .set(SERVICE_STATUS.STARTED_AT, StoreTime.toDb(s.startedAt()))
            .set(SERVICE_STATUS.HEARTBEAT_AT, StoreTime.toDb(s.heartbeatAt()))
            .set(SERVICE_STATUS.MARKET_FEED_STATE, s.marketFeedState())
            .set(SERVICE_STATUS.PORTFOLIO_FEED_STATE, s.portfolioFeedState())
            .set(SERVICE_STATUS.LAG_MS, s.lagMs())
            .set(SERVICE_STATUS.JOURNAL_SEQ, s.journalSeq())
            .set(SERVICE_STATUS.COUNTERS, JSONB.valueOf(s.countersJson() == null ? "{}" : s.countersJson()))
            .set(SERVICE_STATUS.VERSION, s.version())
            .onConflict(SERVICE_STATUS.SERVICE).doUpdate()
            .set(SERVICE_STATUS.INSTANCE_ID, s.instanceId())
            .set(SERVICE_STATUS.PID, s.pid())
            .set(SERVICE_STATUS.HOST, s.host())
            .set(SERVICE_STATUS.STATE, s.state())
            .set(SERVICE_STATUS.STARTED_AT, StoreTime.toDb(s.startedAt()))
            .set(SERVICE_STATUS.HEARTBEAT_AT, StoreTime.toDb(s.heartbeatAt()))
            .set(SERVICE_STATUS.MARKET_FEED_STATE, s.marketFeedState())
            .set(SERVICE_STATUS.PORTFOLIO_FEED_STATE, s.portfolioFeedState())
            .set(SERVICE_STATUS.LAG_MS, s.lagMs())
            .set(SERVICE_STATUS.JOURNAL_SEQ, s.journalSeq())
            .set(SERVICE_STATUS.COUNTERS, JSONB.valueOf(s.countersJson() == null ? "{}" : s.countersJson()))
            .set(SERVICE_STATUS.VERSION, s.version())
            .execute();
    }

    public Optional<ServiceStatus> find(final DSLContext dsl, final String service) {
        return dsl.selectFrom(SERVICE_STATUS).where(SERVICE_STATUS.SERVICE.eq(service)).fetchOptional()
            .map(r -> new ServiceStatus(r.getService(), r.getInstanceId(), r.getPid(), r.getHost(), r.getState(),
                StoreTime.toInstant(r.getStartedAt()), StoreTime.toInstant(r.getHeartbeatAt()), r.getMarketFeedState(),
                r.getPortfolioFeedState(), r.getLagMs(), r.getJournalSeq(), r.getCounters().data(), r.getVersion()));
    }

    public List<HaltedUser> haltedUsers(final DSLContext dsl) {
        return dsl.selectFrom(USERS).where(USERS.HALTED.isTrue()).orderBy(USERS.ID)
            .fetch(r -> new HaltedUser(r.getId(), r.getName(), StoreTime.toInstant(r.getHaltedAt()), r.getHaltReason()));
    }

    /**
     * Lifts every halt older than {@code dayStart} (the engine's IST day starts there and a daily-loss
     * halt lasts until the next IST day), stamping {@code halted_at} with {@code dayStart} so an older
     * halt row re-created from the journal afterwards cannot bring it back. Returns the users lifted.
     */
    public int liftHaltsBefore(final DSLContext dsl, final Instant dayStart) {
        return dsl.update(USERS)
            .set(USERS.HALTED, false)
            .set(USERS.HALTED_AT, StoreTime.toDb(dayStart))
            .setNull(USERS.HALT_REASON)
            .set(USERS.UPDATED_AT, org.jooq.impl.DSL.currentOffsetDateTime())
            .where(USERS.HALTED.isTrue()).and(USERS.HALTED_AT.isNull().or(USERS.HALTED_AT.lt(StoreTime.toDb(dayStart))))
            .execute();
    }

    /** Whether a user with this id exists (rules must belong to one). */
    public boolean userExists(final DSLContext dsl, final int userId) {
        return dsl.fetchExists(USERS, USERS.ID.eq(userId));
    }
}
