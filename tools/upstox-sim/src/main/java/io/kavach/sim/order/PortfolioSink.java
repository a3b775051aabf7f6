package io.kavach.sim.order;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where the matching engine sends portfolio-feed updates ({@code order}, {@code position}); called on the loop. */
@FunctionalInterface
public interface PortfolioSink {
    void publish(String userId, String updateType, ObjectNode update);
}
