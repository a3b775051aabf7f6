package io.kavach.sim.fault;

import io.kavach.sim.auth.AccessTokens;
import io.kavach.sim.auth.FeedKind;
import io.kavach.sim.http.Endpoint;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Fault injection, scriptable per test. HTTP faults are rules consumed in the order they were
 * added: each applies to the next {@code count} requests to its endpoints (or, for
 * {@link #randomly}, to each request with a seeded probability). Feed faults act on the connections
 * open at the time of the call; connections opened later are healthy. Everything here can also be
 * scheduled at a scenario market time with {@link #atMarketTime}.
 *
 * <p>Thread-safe: tests call it from their own thread; the loop consumes it.
 */
public final class Faults {

    private static final class Rule {
        final Set<Endpoint> endpoints;
        final HttpFault fault;
        final AtomicInteger remaining;
        final double probability;
        final SplittableRandom random;

        Rule(final Set<Endpoint> endpoints, final HttpFault fault, final int count, final double probability, final long seed) {
            this.endpoints = Set.copyOf(endpoints);
            this.fault = fault;
            this.remaining = new AtomicInteger(count);
            this.probability = probability;
            this.random = probability > 0 ? new SplittableRandom(seed) : null;
        }

        HttpFault take() {
            if (random != null) {
                synchronized (random) {
                    return random.nextDouble() < probability ? fault : null;
                }
            }
            while (true) {
                final int left = remaining.get();
                if (left <= 0) {
                    return null;
                }
                if (remaining.compareAndSet(left, left - 1)) {
                    return fault;
                }
            }
        }
    }

    private final CopyOnWriteArrayList<Rule> rules = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<String> rejections = new ConcurrentLinkedQueue<>();
    private final Map<FeedKind, FeedConnections> connections = new EnumMap<>(FeedKind.class);
    private final Map<FeedKind, AtomicInteger> malformedFrames = new EnumMap<>(FeedKind.class);
    private final Map<FeedKind, AtomicLong> lagMs = new EnumMap<>(FeedKind.class);
    private final AccessTokens tokens;
    private final BiConsumer<Long, Runnable> marketTimeScheduler;

    /**
     * @param marketTimeScheduler runs an action on the loop once scenario market time reaches a value
     */
    public Faults(final AccessTokens tokens, final BiConsumer<Long, Runnable> marketTimeScheduler) {
        this.tokens = tokens;
        this.marketTimeScheduler = marketTimeScheduler;
        for (FeedKind k : FeedKind.values()) {
            malformedFrames.put(k, new AtomicInteger());
            lagMs.put(k, new AtomicLong());
        }
    }

    /** Wiring, once at start-up: the connections a feed's faults act on. */
    public synchronized void attach(final FeedKind kind, final FeedConnections feed) {
        connections.put(kind, feed);
    }

    // ------------------------------------------------------------------ HTTP

    /** The next {@code count} requests to {@code endpoints} get {@code fault}. */
    public Faults on(final Set<Endpoint> endpoints, final HttpFault fault, final int count) {
        rules.add(new Rule(endpoints, fault, count, 0, 0));
        return this;
    }

    /** Each request to {@code endpoints} gets {@code fault} with {@code probability}, drawn from {@code seed}. */
    public Faults randomly(final Set<Endpoint> endpoints, final HttpFault fault, final double probability, final long seed) {
        rules.add(new Rule(endpoints, fault, 0, probability, seed));
        return this;
    }

    /** A burst: the next {@code count} order calls (place/modify/cancel) are answered 429 UDAPI10005. */
    public Faults tooManyRequests(final int count) {
        return on(Endpoint.ORDER_CALLS, HttpFault.tooManyRequests(), count);
    }

    /** The next {@code count} requests to {@code endpoint} get a 5xx; afterProcessing = the request took effect. */
    public Faults serverError(final Endpoint endpoint, final int count, final int httpStatus, final boolean afterProcessing) {
        return on(Set.of(endpoint), HttpFault.serverError(httpStatus, afterProcessing), count);
    }

    /** The next {@code count} requests to {@code endpoint} are never answered; afterProcessing = the request took effect. */
    public Faults noAnswer(final Endpoint endpoint, final int count, final boolean afterProcessing) {
        return on(Set.of(endpoint), HttpFault.noAnswer(afterProcessing), count);
    }

    /** The next {@code count} authorize calls for {@code kind} are answered 401 UDAPI100050. */
    public Faults failAuthorize(final FeedKind kind, final int count) {
        return on(Set.of(kind == FeedKind.MARKET ? Endpoint.AUTHORIZE_MARKET_FEED : Endpoint.AUTHORIZE_PORTFOLIO_FEED),
            HttpFault.unauthorized(), count);
    }

    /** The fault for a request now arriving at {@code endpoint}, or null. Called on the loop. */
    public HttpFault nextHttpFault(final Endpoint endpoint) {
        for (Rule r : rules) {
            if (r.endpoints.contains(endpoint)) {
                final HttpFault f = r.take();
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ orders and tokens

    /** The next {@code count} placed orders are accepted, then go to "rejected" with {@code message}. */
    public Faults rejectOrders(final int count, final String message) {
        for (int i = 0; i < count; i++) {
            rejections.add(message);
        }
        return this;
    }

    /** The rejection message for the order now being validated, or null. Called on the loop. */
    public String nextRejection() {
        return rejections.poll();
    }

    /** {@code token} is refused (401 UDAPI100050 on REST and authorize) once market time reaches {@code marketTimeMs}. */
    public Faults expireTokenAt(final String token, final long marketTimeMs) {
        tokens.expireAt(token, marketTimeMs);
        return this;
    }

    // ------------------------------------------------------------------ feeds

    /** Resets every open connection of {@code kind} now (TCP RST, no close frame). */
    public Faults dropConnections(final FeedKind kind) {
        feed(kind).dropAll();
        return this;
    }

    /** Open connections of {@code kind} go silent: no data, no pings, no pongs, never closed by us. */
    public Faults halfOpen(final FeedKind kind) {
        feed(kind).halfOpenAll();
        return this;
    }

    /** The next {@code count} data frames of {@code kind} (any connection) are replaced by garbage. */
    public Faults malformedFrames(final FeedKind kind, final int count) {
        malformedFrames.get(kind).addAndGet(count);
        return this;
    }

    /** Delays every data frame of {@code kind} by {@code lag} ms from now on (0 = no lag); event times are untouched. */
    public Faults lagFeed(final FeedKind kind, final long lag) {
        lagMs.get(kind).set(Math.max(0, lag));
        return this;
    }

    /** Runs {@code script} on the simulator loop once scenario market time reaches {@code marketTimeMs}. */
    public Faults atMarketTime(final long marketTimeMs, final Consumer<Faults> script) {
        marketTimeScheduler.accept(marketTimeMs, () -> script.accept(this));
        return this;
    }

    /** True (and counted down) when the data frame now being sent on {@code kind} must be garbage. */
    public boolean takeMalformedFrame(final FeedKind kind) {
        final AtomicInteger left = malformedFrames.get(kind);
        while (true) {
            final int n = left.get();
            if (n <= 0) {
                return false;
            }
            if (left.compareAndSet(n, n - 1)) {
                return true;
            }
        }
    }

    public long lagMs(final FeedKind kind) {
        return lagMs.get(kind).get();
    }

    /** Forgets every pending HTTP rule, rejection, malformed frame and lag (half-open connections stay half-open). */
    public void clear() {
        rules.clear();
        rejections.clear();
        for (FeedKind k : FeedKind.values()) {
            malformedFrames.get(k).set(0);
            lagMs.get(k).set(0);
        }
    }

    private synchronized FeedConnections feed(final FeedKind kind) {
        final FeedConnections c = connections.get(kind);
        if (c == null) {
            throw new IllegalStateException("no " + kind + " feed attached");
        }
        return c;
    }
}
