package io.kavach.sim.feed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavach.sim.auth.FeedKind;
import io.kavach.sim.fault.FeedConnections;
import io.kavach.sim.fault.Faults;
import io.kavach.sim.order.PortfolioSink;
import io.kavach.sim.record.ErrorLog;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The portfolio stream server side: per connection, the user and the update types its authorize
 * call asked for; each order or position update of that user goes out as one JSON text frame.
 * Nothing is expected from the client; anything it sends is counted in {@link #problems()}.
 *
 * <p>Owned by the simulator's event loop; the query methods are safe from any thread.
 */
public final class PortfolioFeedHub implements PortfolioSink, FeedConnections {
    private final EventLoop loop;
    private final Faults faults;
    private final ErrorLog errors;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    public PortfolioFeedHub(final EventLoop loop, final Faults faults, final ErrorLog errors) {
        this.errors = errors;
        this.loop = loop;
        this.faults = faults;
    }

    public FeedSession newSession(final String userId, final Set<String> updateTypes) {
        return new Session(userId, updateTypes);
    }

    public int connectionCount() {
        return sessions.size();
    }

    public List<FeedSession> connections() {
        return List.copyOf(sessions);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    public void publish(final String userId, final String updateType, final ObjectNode update) {
        String text = null;
        for (Session s : sessions) {
            if (s.userId.equals(userId) && s.updateTypes.contains(updateType)) {
                if (text == null) {
                    text = update.toString();
                }
                s.sendText(text);
            }
        }
    }

    @Override
    public void dropAll() {
        loop.execute(() -> sessions.forEach(FeedSession::drop));
    }

    @Override
    public void halfOpenAll() {
        loop.execute(() -> sessions.forEach(FeedSession::goHalfOpen));
    }

    private final class Session extends FeedSession {
        final Set<String> updateTypes;

        Session(final String userId, final Set<String> updateTypes) {
            super(userId, FeedKind.PORTFOLIO, faults, errors);
            this.updateTypes = updateTypes;
        }

        @Override
        public void opened(final io.netty.channel.Channel ch) {
            super.opened(ch);
            sessions.add(this);
        }

        @Override
        protected void closed() {
            sessions.remove(this);
        }

        @Override
        protected void onData(final WebSocketFrame frame) {
            problems.add("the portfolio feed expects no client messages, got: " + frame.content().toString(StandardCharsets.UTF_8));
        }
    }
}
