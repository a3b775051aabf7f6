package io.kavach.engine.rule;

/** Receives each rule fire on the logic thread, after its linked effects were applied in the same step. */
@FunctionalInterface
public interface FireHandler {
    void onFire(Fire fire);
}
