package io.kavach.store.position;

import io.kavach.store.jooq.tables.records.PositionsRecord;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.List;

import static io.kavach.store.jooq.Tables.POSITIONS;

/**
 * The {@code positions} table: one row per user, instrument and product, replaced only by a newer
 * journal position, so a state re-written from the journal never goes backwards.
 *
 * <p>Threading: stateless.
 */
public final class PositionRepository {

    public void upsert(final DSLContext dsl, final PositionRow p) {
        dsl.insertInto(POSITIONS)
            .set(POSITIONS.USER_ID, p.userId())
            .set(POSITIONS.INSTRUMENT_TOKEN, p.instrumentToken())
            .set(POSITIONS.SYMBOL, p.symbol())
            .set(POSITIONS.PRODUCT, p.product())
            .set(POSITIONS.QUANTITY, p.quantity())
            .set(POSITIONS.AVERAGE_PRICE, p.averagePrice())
            .set(POSITIONS.LAST_PRICE, p.lastPrice())
            .set(POSITIONS.REALIZED_PNL, p.realizedPnl())
            .set(POSITIONS.UNREALIZED_PNL, p.unrealizedPnl())
            .set(POSITIONS.JOURNAL_DAY, p.journalDay())
            .set(POSITIONS.JOURNAL_SEQ, p.journalSeq())
            .onConflict(POSITIONS.USER_ID, POSITIONS.INSTRUMENT_TOKEN, POSITIONS.PRODUCT).doUpdate()
            .set(POSITIONS.SYMBOL, DSL.excluded(POSITIONS.SYMBOL))
            .set(POSITIONS.QUANTITY, DSL.excluded(POSITIONS.QUANTITY))
            .set(POSITIONS.AVERAGE_PRICE, DSL.excluded(POSITIONS.AVERAGE_PRICE))
            .set(POSITIONS.LAST_PRICE, DSL.excluded(POSITIONS.LAST_PRICE))
            .set(POSITIONS.REALIZED_PNL, DSL.excluded(POSITIONS.REALIZED_PNL))
            .set(POSITIONS.UNREALIZED_PNL, DSL.excluded(POSITIONS.UNREALIZED_PNL))
            .set(POSITIONS.JOURNAL_DAY, DSL.excluded(POSITIONS.JOURNAL_DAY))
            .set(POSITIONS.JOURNAL_SEQ, DSL.excluded(POSITIONS.JOURNAL_SEQ))
            .set(POSITIONS.UPDATED_AT, DSL.currentOffsetDateTime())
            .where(DSL.row(POSITIONS.JOURNAL_DAY, POSITIONS.JOURNAL_SEQ)
                .lt(DSL.row(DSL.excluded(POSITIONS.JOURNAL_DAY), DSL.excluded(POSITIONS.JOURNAL_SEQ))))
            .execute();
    }

    /** Every stored position (flat ones included: their last price is still a price), by user and instrument. */
    public List<PositionRow> all(final DSLContext dsl) {
        return dsl.selectFrom(POSITIONS).orderBy(POSITIONS.USER_ID, POSITIONS.INSTRUMENT_TOKEN, POSITIONS.PRODUCT)
            .fetch(PositionRepository::toRow);
    }

    private static PositionRow toRow(final PositionsRecord r) {
        return new PositionRow(r.getUserId(), r.getInstrumentToken(), r.getSymbol(), r.getProduct(), r.getQuantity(),
            r.getAveragePrice(), r.getLastPrice(), r.getRealizedPnl(), r.getUnrealizedPnl(), r.getJournalDay(), r.getJournalSeq());
    }
}
