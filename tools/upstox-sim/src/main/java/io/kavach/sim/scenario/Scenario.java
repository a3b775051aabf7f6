package io.kavach.sim.scenario;

import java.util.List;

/**
 * A source of ticks in scenario market time. The driver paces them against the wall clock at the
 * configured speed; ticks must come in non-decreasing {@link Tick#marketTimeMs} order.
 *
 * <p>Called only on the simulator's event loop.
 */
public interface Scenario {

    /** Every instrument the scenario will tick (plus any a test wants to trade without ticks). */
    List<InstrumentSpec> instruments();

    /** Market time before the first tick, epoch ms. */
    long startMarketTimeMs();

    /** Fills {@code into} with the next tick; false when the scenario is over. */
    boolean next(Tick into);

    /** A market that never ticks by itself: tests drive it with {@code sim.market().tick(…)}. */
    static Scenario quiet(final long startMarketTimeMs, final List<InstrumentSpec> instruments) {
        final List<InstrumentSpec> copy = List.copyOf(instruments);
        return new Scenario() {
            @Override
            public List<InstrumentSpec> instruments() {
                return copy;
            }

            @Override
            public long startMarketTimeMs() {
                return startMarketTimeMs;
            }

            @Override
            public boolean next(final Tick into) {
                return false;
            }
        };
    }
}
