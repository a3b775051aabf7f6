package io.kavach.engine.live;

import io.netty.channel.epoll.Epoll;

import java.util.Locale;

/**
 * Which Netty transport the writer loop runs: Linux epoll (native, edge-triggered, cheaper wake-up
 * through an eventfd) or the JDK's NIO selector. {@link #AUTO} takes epoll where
 * {@link Epoll#isAvailable()} and NIO elsewhere (macOS, a JAR without the native library).
 */
public enum LoopTransport {
    AUTO("auto"),
    EPOLL("epoll"),
    NIO("nio");

    public final String label;

    LoopTransport(final String label) {
        this.label = label;
    }

    /** {@code auto}, {@code epoll} or {@code nio}; anything else is refused naming the choices. */
    public static LoopTransport parse(final String text) {
        final String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (LoopTransport k : values()) {
            if (k.label.equals(t)) {
                return k;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a loop transport (auto, epoll, nio)");
    }

    /**
     * The transport this choice runs on this host: never {@link #AUTO}. {@link #EPOLL} where epoll is
     * unavailable is refused with the reason, since the user asked for it by name.
     */
    public LoopTransport resolve() {
        switch (this) {
            case AUTO:
                return Epoll.isAvailable() ? EPOLL : NIO;
            case EPOLL:
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("loop transport epoll is not available here: " + Epoll.unavailabilityCause());
                }
                return EPOLL;
            default:
                return NIO;
        }
    }
}
