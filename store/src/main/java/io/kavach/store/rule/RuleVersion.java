package io.kavach.store.rule;

/** A rule's identity and definition version, as the change poller compares them. */
public record RuleVersion(long id, int userId, long version, boolean deleted) {
}
