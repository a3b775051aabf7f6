package io.kavach.order;

import io.kavach.config.time.MarketCalendar;
import io.kavach.order.dryrun.DryRunOrderRouter;
import io.kavach.order.live.LiveOrderRouter;
import io.netty.channel.EventLoop;
import org.agrona.concurrent.EpochClock;

/**
 * Builds the router for a mode. Only the {@link OrderMode#LIVE} branch touches the live factory, so
 * in paper and dry-run modes no HTTP client, connection or TLS context is ever constructed (a test
 * checks this against a listening server).
 *
 * <p>Call on the engine's event loop during bootstrap.
 */
public final class OrderRouters {
    /** Builds the live router (the default one connects and starts ticking at once). */
    @FunctionalInterface
    public interface LiveRouterFactory {
        OrderRouter create(OrderGatewayConfig config, EventLoop eventLoop, EpochClock clock, OrderEventHandler handler,
                           MarketCalendar calendar);
    }

    /** Builds the in-process paper broker (supplied by the engine's bootstrap). */
    @FunctionalInterface
    public interface PaperRouterFactory {
        OrderRouter create(EventLoop eventLoop, EpochClock clock, OrderEventHandler handler);
    }

    public static final LiveRouterFactory LIVE = (config, eventLoop, clock, handler, calendar) -> {
        final LiveOrderRouter router = new LiveOrderRouter(config, eventLoop, clock, handler, calendar);
        router.start();
        return router;
    };

    private OrderRouters() {
    }

    public static OrderRouter create(final OrderMode mode, final OrderGatewayConfig config, final EventLoop eventLoop,
                                     final EpochClock clock, final OrderEventHandler handler, final MarketCalendar calendar,
                                     final PaperRouterFactory paper) {
        return create(mode, config, eventLoop, clock, handler, calendar, LIVE, paper);
    }

    public static OrderRouter create(final OrderMode mode, final OrderGatewayConfig config, final EventLoop eventLoop,
                                     final EpochClock clock, final OrderEventHandler handler, final MarketCalendar calendar,
                                     final LiveRouterFactory live, final PaperRouterFactory paper) {
        switch (mode) {
            case LIVE: return live.create(config, eventLoop, clock, handler, calendar);
            case PAPER: return paper.create(eventLoop, clock, handler);
            case DRY_RUN: return new DryRunOrderRouter(handler);
            default: throw new IllegalArgumentException("unknown mode " + mode);
        }
    }
}
