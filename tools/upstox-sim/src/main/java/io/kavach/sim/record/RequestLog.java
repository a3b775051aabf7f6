package io.kavach.sim.record;

import io.kavach.sim.http.Endpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every HTTP request the simulator received, in arrival order, for tests to assert on: that no
 * request reached an order endpoint, that order calls stayed within the per-user rate limits, which
 * bodies were sent.
 *
 * <p>Thread-safe: the loop appends, tests read snapshots from their own thread.
 */
public final class RequestLog {
    private final List<RecordedRequest> requests = new ArrayList<>();

    public synchronized void add(final RecordedRequest request) {
        requests.add(request);
    }

    /** A snapshot of every request so far. */
    public synchronized List<RecordedRequest> all() {
        return List.copyOf(requests);
    }

    public synchronized void clear() {
        requests.clear();
    }

    public List<RecordedRequest> matching(final Predicate<RecordedRequest> filter) {
        return all().stream().filter(filter).toList();
    }

    public List<RecordedRequest> to(final Endpoint endpoint) {
        return matching(r -> r.endpoint() == endpoint);
    }

    /** Requests to any order endpoint (place, modify, cancel, order book, details, history, trades, positions, holdings). */
    public List<RecordedRequest> orderEndpointRequests() {
        return matching(r -> Endpoint.ORDER_ENDPOINTS.contains(r.endpoint()));
    }

    /** Throws an AssertionError listing them if any request reached an order endpoint. */
    public void assertNoOrderEndpointRequests() {
        final List<RecordedRequest> hits = orderEndpointRequests();
        if (!hits.isEmpty()) {
            final StringBuilder sb = new StringBuilder(hits.size() + " request(s) reached order endpoints:");
            for (RecordedRequest r : hits) {
                sb.append("\n  ").append(r.method()).append(' ').append(r.uri()).append(" -> ").append(r.httpStatus());
            }
            throw new AssertionError(sb.toString());
        }
    }

    /** Arrival times (System.nanoTime) of one user's order calls (place/modify/cancel), ascending. */
    public long[] orderCallNanos(final String userId) {
        return matching(r -> r.endpoint().orderCall && userId.equals(r.userId())).stream()
            .mapToLong(RecordedRequest::receivedNanos).sorted().toArray();
    }

    /** The most order calls one user made within any sliding window of {@code window}. */
    public int maxOrderCallsWithin(final String userId, final Duration window) {
        return maxWithin(orderCallNanos(userId), window.toNanos());
    }

    static int maxWithin(final long[] sortedNanos, final long windowNanos) {
        int best = 0;
        int lo = 0;
        for (int hi = 0; hi < sortedNanos.length; hi++) {
            while (sortedNanos[hi] - sortedNanos[lo] >= windowNanos) {
                lo++;
            }
            best = Math.max(best, hi - lo + 1);
        }
        return best;
    }

    @Override
    public String toString() {
        return "RequestLog" + Arrays.toString(all().stream().map(r -> r.method() + " " + r.uri() + " " + r.httpStatus()).toArray());
    }
}
