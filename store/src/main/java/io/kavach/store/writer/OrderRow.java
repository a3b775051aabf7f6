package io.kavach.store.writer;

/**
 * An order's state after one input event (intent, acknowledgement, order update, retry, status
 * check). Keyed by {@code tag} (engine orders) or {@code brokerOrderId} (orders seen only at the
 * broker); a row from an older journal position (day, sequence) never overwrites a newer one. Prices are fixed-point
 * ({@link io.kavach.config.Prices#PRICE_SCALE}); {@link #NONE} marks an absent price or time.
 *
 * @param status one of pending_submit, submitted, open, trigger_pending, partially_filled, complete,
 *               rejected, cancelled, failed, retry_pending, amo_received
 */
public record OrderRow(
    int journalDay,
    long journalSeq,
    int userId,
    long ruleId,
    long intentId,
    String tag,
    String brokerOrderId,
    String instrumentToken,
    String symbol,
    String transactionType,
    String orderType,
    String product,
    String validity,
    long quantity,
    long price,
    long triggerPrice,
    String status,
    String brokerStatus,
    String statusMessage,
    String failureReason,
    String rejectionReason,
    int retryCount,
    long firstFailureAtEpochMs,
    long lastRetryAtEpochMs,
    long filledQuantity,
    long averagePrice,
    long executedAtEpochMs,
    long lastStatusCheckAtEpochMs,
    boolean amo,
    long placedAtEpochMs) {

    public static final long NONE = Long.MIN_VALUE;

    public long position() {
        return JournalPosition.of(journalDay, journalSeq);
    }
}
