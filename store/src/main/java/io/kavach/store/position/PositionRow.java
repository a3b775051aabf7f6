package io.kavach.store.position;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A user's net position in one instrument and product, as last written by the engine.
 *
 * @param quantity signed: positive long, negative short, 0 flat
 */
public record PositionRow(int userId, String instrumentToken, String symbol, String product, long quantity,
                          BigDecimal averagePrice, BigDecimal lastPrice, BigDecimal realizedPnl, BigDecimal unrealizedPnl,
                          LocalDate journalDay, long journalSeq) {
}
