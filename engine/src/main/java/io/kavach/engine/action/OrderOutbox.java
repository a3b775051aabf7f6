package io.kavach.engine.action;

/**
 * Where the logic hands order intents, towards the order gateway (live, dry-run or paper). Called
 * on the logic thread; an implementation copies the intent (it is reused) and must not block.
 */
@FunctionalInterface
public interface OrderOutbox {
    void offer(OrderIntent intent);
}
