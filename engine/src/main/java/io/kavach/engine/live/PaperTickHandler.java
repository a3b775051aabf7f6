package io.kavach.engine.live;

import io.kavach.config.Prices;
import io.kavach.engine.feed.MarketTickPublisher;
import io.kavach.feed.market.MarketFeedHandler;
import io.kavach.feed.market.MarketFeedView;
import io.kavach.order.paper.PaperOrderRouter;

/**
 * Paper mode: every tick the engine accepts into the ring is then shown to the paper broker, so
 * paper orders fill against the market the engine sees (best bid/ask when the tick has depth, else
 * the last price), stamped with the tick's event time. A tick the publisher rejects is not shown.
 *
 * <p>Threading: the writer loop (the market feed's decoder calls it there).
 */
final class PaperTickHandler implements MarketFeedHandler {
    private final MarketTickPublisher ticks;
    private final PaperOrderRouter paper;

    PaperTickHandler(final MarketTickPublisher ticks, final PaperOrderRouter paper) {
        this.ticks = ticks;
        this.paper = paper;
    }

    @Override
    public void onFeed(final MarketFeedView feed) {
        final long before = ticks.ticksPublished();
        ticks.onFeed(feed);
        if (ticks.ticksPublished() == before) {
            return;
        }
        final boolean depth = feed.depthLevels() > 0;
        final long eventTime = feed.currentTsEpochMs() > 0 ? feed.currentTsEpochMs() : feed.lttEpochMs();
        paper.onTick(feed.instrumentId(), Prices.toFixed(feed.ltp()), depth ? Prices.toFixed(feed.bidPrice(0)) : 0,
            depth ? Prices.toFixed(feed.askPrice(0)) : 0, eventTime);
    }

    @Override
    public void onMarketStatus(final int segment, final int status, final long currentTsEpochMs, final long receivedNanos) {
        ticks.onMarketStatus(segment, status, currentTsEpochMs, receivedNanos);
    }
}
