package io.kavach.engine.cli;

import io.kavach.config.Prices;
import io.kavach.order.OrderCodes;
import io.kavach.store.position.PositionRow;

import java.util.List;

/**
 * Puts the stored positions into a {@link PaperEvaluation}, so exits there are cut to, or skipped
 * for, what the user really holds.
 */
final class PaperPositions {
    private PaperPositions() {
    }

    /** @param exceptInstrument an instrument whose stored position is replaced by the caller's (null: none) */
    static void load(final PaperEvaluation paper, final List<PositionRow> positions, final String exceptInstrument, final long timeEpochMs) {
        for (final PositionRow p : positions) {
            final int id = paper.instrumentId(p.instrumentToken());
            if (p.quantity() == 0 || id < 0 || p.instrumentToken().equals(exceptInstrument)) {
                continue;
            }
            final long average = p.averagePrice() == null ? 0 : Prices.toFixed(p.averagePrice().doubleValue());
            paper.position(p.userId(), id, "D".equals(p.product()) ? OrderCodes.PRODUCT_D : OrderCodes.PRODUCT_I, p.quantity(), average,
                timeEpochMs);
        }
    }
}
