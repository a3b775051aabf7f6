package io.kavach.feed.market;

/**
 * Receives what {@link MarketFeedDecoder} decodes from one well-formed {@code FeedResponse} frame,
 * in wire order. A malformed frame produces no callback at all.
 *
 * <p>Threading: called on the decoder's thread (the feed's event loop), synchronously inside
 * {@link MarketFeedDecoder#decode}. Implementations must not block and must not keep the view.
 */
public interface MarketFeedHandler {
    /**
     * One instrument's feed whose key resolved to a registered instrument.
     *
     * @param feed reused for every feed; valid only during this call
     */
    void onFeed(MarketFeedView feed);

    /**
     * One entry of {@code market_info.segmentStatus} whose segment is known.
     *
     * @param segment           {@link Segments} code
     * @param status            Upstox MarketStatus number (0 PRE_OPEN_START … 5 CLOSING_END; others pass through)
     * @param currentTsEpochMs  the frame's {@code currentTs}, 0 when absent
     * @param receivedNanos     the value the caller passed to {@link MarketFeedDecoder#decode}
     */
    void onMarketStatus(int segment, int status, long currentTsEpochMs, long receivedNanos);
}
