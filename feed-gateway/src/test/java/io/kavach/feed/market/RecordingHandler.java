package io.kavach.feed.market;

import java.util.ArrayList;
import java.util.List;

/** Test handler: keeps a canonical snapshot of every feed and status delivered. */
final class RecordingHandler implements MarketFeedHandler {
    final List<String> feeds = new ArrayList<>();
    final List<Integer> feedIds = new ArrayList<>();
    final List<String> feedKeys = new ArrayList<>();
    final List<int[]> statuses = new ArrayList<>();
    final List<Long> statusTimes = new ArrayList<>();

    @Override
    public void onFeed(final MarketFeedView feed) {
        feeds.add(FeedSnapshot.of(feed));
        feedIds.add(feed.instrumentId());
        feedKeys.add(feed.instrumentKey());
    }

    @Override
    public void onMarketStatus(final int segment, final int status, final long currentTsEpochMs, final long receivedNanos) {
        statuses.add(new int[] {segment, status});
        statusTimes.add(currentTsEpochMs);
    }

    int callbacks() {
        return feeds.size() + statuses.size();
    }

    void clear() {
        feeds.clear();
        feedIds.clear();
        feedKeys.clear();
        statuses.clear();
        statusTimes.clear();
    }
}
