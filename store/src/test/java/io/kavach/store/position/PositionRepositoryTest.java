package io.kavach.store.position;

import io.kavach.store.DatabaseEndpoint;
import io.kavach.store.Store;
import io.kavach.store.TestDatabase;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PositionRepositoryTest {
    static PositionRow position(final long qty, final String last, final LocalDate day, final long seq) {
        return new PositionRow(1, "NSE_EQ|INE002A01018", "RELIANCE", "I", qty, new BigDecimal("2400.5"), new BigDecimal(last),
            BigDecimal.ZERO, BigDecimal.ZERO, day, seq);
    }

    @Test
    void shouldKeepOneRowPerUserInstrumentAndProductNeverGoingBackInTheJournal() throws Exception {
        final DatabaseEndpoint endpoint = TestDatabase.shared().migratedDatabase();
        final LocalDate day1 = LocalDate.of(2026, 11, 19);
        final LocalDate day2 = LocalDate.of(2026, 11, 20);
        try (Connection c = endpoint.connect()) {
            final DSLContext dsl = Store.dsl(c);
            final PositionRepository repo = new PositionRepository();
            repo.upsert(dsl, position(10, "2401", day1, 500));
            repo.upsert(dsl, position(-5, "2390", day2, 2)); // next day, smaller sequence: newer
            repo.upsert(dsl, position(10, "2401", day1, 500)); // re-written from the journal: older, ignored
            final List<PositionRow> all = repo.all(dsl);
            assertEquals(1, all.size());
            assertEquals(-5, all.get(0).quantity());
            assertEquals(0, new BigDecimal("2390").compareTo(all.get(0).lastPrice()));
            assertEquals(day2, all.get(0).journalDay());
        }
    }
}
