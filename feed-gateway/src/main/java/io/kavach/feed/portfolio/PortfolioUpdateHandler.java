package io.kavach.feed.portfolio;

/**
 * Receives decoded portfolio-feed updates, dispatched on {@code update_type}. The view is reused:
 * read it during the call only.
 *
 * <p>Threading: called on the portfolio feed's event loop.
 */
public interface PortfolioUpdateHandler {
    void onOrderUpdate(PortfolioUpdateView order);

    void onPositionUpdate(PortfolioUpdateView position);

    /** Holding and GTT-order updates: type and raw JSON only (the engine does not trade on them). */
    void onOtherUpdate(PortfolioUpdateView update);
}
