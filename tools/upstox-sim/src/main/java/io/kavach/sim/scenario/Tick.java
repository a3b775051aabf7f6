package io.kavach.sim.scenario;

/**
 * One trade print a {@link Scenario} produces: instrument, scenario market time, price and quantity.
 * Reused by the driver for every tick.
 *
 * <p>Owned by the simulator's event loop.
 */
public final class Tick {
    public String instrumentKey;
    /** Scenario market time, epoch ms (this becomes {@code ltt} and {@code currentTs}). */
    public long marketTimeMs;
    /** Price in {@link io.kavach.config.Prices} fixed point. */
    public long priceFixed;
    public long quantity;

    public Tick set(final String instrumentKey, final long marketTimeMs, final long priceFixed, final long quantity) {
        this.instrumentKey = instrumentKey;
        this.marketTimeMs = marketTimeMs;
        this.priceFixed = priceFixed;
        this.quantity = quantity;
        return this;
    }
}
