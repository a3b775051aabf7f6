package io.kavach.engine.event;

/** Which Upstox feed message a {@link EventKind#MARKET_TICK} came from. Stable journal values. */
public final class FeedShape {
    public static final byte LTPC = 1;
    public static final byte MARKET_FULL = 2;
    public static final byte INDEX_FULL = 3;
    public static final byte FIRST_LEVEL_WITH_GREEKS = 4;

    private FeedShape() {
    }
}
