package io.kavach.engine.backtest;

import com.lmax.disruptor.RingBuffer;
import io.kavach.config.Prices;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.event.TimerType;
import io.kavach.engine.output.IstTimestamps;
import io.kavach.engine.ring.InputPublisher;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BarTickSourceTest {
    private static BarFile bars(final String csv) throws Exception {
        return BarFile.parse(new BufferedReader(new StringReader(csv)), "t.csv", msg -> {
            throw new AssertionError(msg);
        });
    }

    private static List<String> publish(final List<BarFile> files, final int[] ids) {
        final RingBuffer<InputEvent> ring = RingBuffer.createSingleProducer(InputEvent::new, 1024);
        final InputPublisher publisher = new InputPublisher(ring, 100);
        new BarTickSource(files, ids).publishAll(publisher, n -> { });
        final List<String> events = new ArrayList<>();
        for (long s = 0; s <= ring.getCursor(); s++) {
            final InputEvent e = ring.get(s);
            assertEquals(100 + s, e.sequence, "input sequence");
            if (e.kind == EventKind.MARKET_TICK) {
                events.add("tick " + e.instrumentId + " " + IstTimestamps.iso(e.eventTimeEpochMs).substring(11, 19) + " "
                    + Prices.toDouble(e.ltp) + " q" + e.ltq + " v" + e.vtt);
            } else {
                assertEquals(EventKind.TIMER, e.kind);
                events.add("timer " + e.timerType + " " + IstTimestamps.iso(e.eventTimeEpochMs));
            }
        }
        return events;
    }

    @Test
    void shouldExpandABarIntoOpenLowHighCloseOnAnUpBarAndOpenHighLowCloseOnADownBar() throws Exception {
        final List<String> events = publish(List.of(bars(
            "X,20230102,09:15,100,110,95,105,10,0\nX,20230102,09:16,105,106,90,91,3,0")), new int[] {7});
        assertEquals(List.of(
            "tick 7 09:15:00 100.0 q2 v2", "tick 7 09:15:15 95.0 q2 v4", "tick 7 09:15:30 110.0 q2 v6", "tick 7 09:15:45 105.0 q4 v10",
            "tick 7 09:16:00 105.0 q0 v10", "tick 7 09:16:15 106.0 q0 v10", "tick 7 09:16:30 90.0 q0 v10", "tick 7 09:16:45 91.0 q3 v13",
            "timer " + TimerType.SESSION_CLOSE + " 2023-01-02T15:30:00+05:30",
            "timer " + TimerType.END_OF_INPUT + " 2023-01-03T00:00:00+05:30"), events);
    }

    @Test
    void shouldInterleaveInstrumentsByTickTimeAndCloseEachSessionOnce() throws Exception {
        final BarFile a = bars("A,20230102,15:29,1,1,1,1,0,0\nA,20230102,15:31,1,1,1,1,0,0\nA,20230103,09:15,1,1,1,1,0,0");
        final BarFile b = bars("B,20230102,15:29,2,2,2,2,0,0");
        final List<String> events = publish(List.of(a, b), new int[] {0, 1});
        final List<String> heads = new ArrayList<>();
        for (String e : events) {
            heads.add(e.substring(0, e.startsWith("tick") ? 15 : e.length()));
        }
        assertEquals(List.of(
            "tick 0 15:29:00", "tick 1 15:29:00", "tick 0 15:29:15", "tick 1 15:29:15",
            "tick 0 15:29:30", "tick 1 15:29:30", "tick 0 15:29:45", "tick 1 15:29:45",
            "timer " + TimerType.SESSION_CLOSE + " 2023-01-02T15:30:00+05:30",
            "tick 0 15:31:00", "tick 0 15:31:15", "tick 0 15:31:30", "tick 0 15:31:45",
            "tick 0 09:15:00", "tick 0 09:15:15", "tick 0 09:15:30", "tick 0 09:15:45",
            "timer " + TimerType.SESSION_CLOSE + " 2023-01-03T15:30:00+05:30",
            "timer " + TimerType.END_OF_INPUT + " 2023-01-04T00:00:00+05:30"), heads);
        assertTrue(events.get(13).endsWith("v0"), "day volume restarts each day: " + events.get(13));
    }
}
