package io.kavach.order;

/** How intents leave the process: to Upstox, to the in-process paper broker, or only to the log. Immutable; any thread. */
public enum OrderMode {
    LIVE,
    PAPER,
    DRY_RUN;

    public static OrderMode parse(final String text) {
        switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "live": return LIVE;
            case "paper": return PAPER;
            case "dry-run":
            case "dry_run":
            case "dryrun": return DRY_RUN;
            default: throw new IllegalArgumentException("unknown order mode '" + text + "' (expected live, paper or dry-run)");
        }
    }
}
