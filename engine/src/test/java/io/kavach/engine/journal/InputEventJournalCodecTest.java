package io.kavach.engine.journal;

import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.journal.layout.JournalLayout;
import io.kavach.journal.layout.RecordValidator;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InputEventJournalCodecTest {
    static final List<String> COMMON = List.of("sequence", "kind", "eventTimeEpochMs", "userId");
    static final List<String> TICK = List.of("instrumentId", "feedShape", "requestMode", "snapshot", "feedTimeEpochMs",
        "ltp", "lttEpochMs", "ltq", "closePrice", "depthLevels", "bidPrice", "bidQty", "askPrice", "askQty",
        "hasDayOhlc", "dayOpen", "dayHigh", "dayLow", "dayClose", "dayVolume",
        "hasMinuteOhlc", "minuteOpen", "minuteHigh", "minuteLow", "minuteClose", "minuteVolume", "minuteStartEpochMs",
        "atp", "vtt", "oi", "iv", "tbq", "tsq", "hasGreeks", "delta", "theta", "gamma", "vega", "rho");
    static final List<String> STATUS = List.of("segment", "marketStatus");
    static final List<String> ORDER = List.of("instrumentId", "ruleId", "intentId", "brokerOrderId", "brokerOrderIdLength",
        "tag", "tagLength", "orderStatus", "side", "orderType", "product", "validity", "quantity", "filledQuantity",
        "pendingQuantity", "price", "triggerPrice", "averagePrice", "netQuantity", "text", "textLength", "command", "ackCode");
    static final List<String> TIMER = List.of("timerType", "ruleId");
    static final List<String> COMMAND = List.of("command", "ruleId", "instrumentId", "payload", "payloadLength", "text", "textLength");
    static final Set<String> NEVER_JOURNALED = Set.of("receivedNanos");

    static final Map<Byte, List<String>> FIELDS_BY_KIND = Map.of(
        EventKind.MARKET_TICK, TICK, EventKind.MARKET_STATUS, STATUS,
        EventKind.ORDER_UPDATE, ORDER, EventKind.POSITION_UPDATE, ORDER, EventKind.ORDER_ACK, ORDER,
        EventKind.ORDER_INTENT, ORDER, EventKind.TIMER, TIMER, EventKind.RULE_COMMAND, COMMAND, EventKind.CONTROL, COMMAND);

    private final InputEventJournalCodec codec = new InputEventJournalCodec();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[JournalLayout.MAX_RECORD_BYTES]);

    @Test
    void shouldUseTheSameKindNumbersAsTheJournalLayout() {
        assertEquals(JournalLayout.KIND_MARKET_TICK, EventKind.MARKET_TICK);
        assertEquals(JournalLayout.KIND_MARKET_STATUS, EventKind.MARKET_STATUS);
        assertEquals(JournalLayout.KIND_ORDER_UPDATE, EventKind.ORDER_UPDATE);
        assertEquals(JournalLayout.KIND_POSITION_UPDATE, EventKind.POSITION_UPDATE);
        assertEquals(JournalLayout.KIND_ORDER_ACK, EventKind.ORDER_ACK);
        assertEquals(JournalLayout.KIND_TIMER, EventKind.TIMER);
        assertEquals(JournalLayout.KIND_RULE_COMMAND, EventKind.RULE_COMMAND);
        assertEquals(JournalLayout.KIND_CONTROL, EventKind.CONTROL);
        assertEquals(JournalLayout.KIND_ORDER_INTENT, EventKind.ORDER_INTENT);
        assertEquals(JournalLayout.MAX_KIND, EventKind.MAX_KIND);
        assertEquals(true, InputEvent.MAX_DEPTH_LEVELS <= JournalLayout.MAX_DEPTH_LEVELS);
        assertEquals(true, InputEvent.ID_BYTES <= JournalLayout.MAX_ID_BYTES);
        assertEquals(true, InputEvent.TEXT_BYTES <= JournalLayout.MAX_TEXT_BYTES);
        assertEquals(true, InputEvent.PAYLOAD_BYTES <= JournalLayout.MAX_PAYLOAD_BYTES);
    }

    @Test
    void shouldAssignEveryInputEventFieldToAKindSoANewFieldCannotBeSilentlyLeftOutOfTheJournal() {
        final Set<String> covered = new HashSet<>(COMMON);
        FIELDS_BY_KIND.values().forEach(covered::addAll);
        covered.addAll(NEVER_JOURNALED);
        final Set<String> missing = new TreeSet<>();
        for (final Field f : InputEvent.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !covered.contains(f.getName())) {
                missing.add(f.getName());
            }
        }
        assertEquals(Set.of(), missing, "InputEvent fields with no journal mapping");
    }

    @Test
    void shouldRoundTripEveryFieldOfEveryKindExceptReceivedNanos() throws Exception {
        final long seed = System.nanoTime();
        System.out.println("seed " + seed);
        final Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            for (final Map.Entry<Byte, List<String>> entry : FIELDS_BY_KIND.entrySet()) {
                final InputEvent in = randomEvent(random, entry.getKey());
                final int length = codec.encode(in, buffer);
                assertEquals(RecordValidator.VALID, new RecordValidator().validate(buffer, 0, length), "kind " + entry.getKey());
                final InputEvent out = new InputEvent();
                out.receivedNanos = 99;
                codec.decode(buffer, 0, out);
                assertEquals(0, out.receivedNanos);
                for (final String name : concat(COMMON, entry.getValue())) {
                    assertFieldEquals(name, in, out, EventKind.name(entry.getKey()) + " seed " + seed);
                }
            }
        }
    }

    static InputEvent randomEvent(final Random random, final byte kind) throws Exception {
        final InputEvent e = new InputEvent();
        e.kind = kind;
        e.sequence = random.nextLong() & Long.MAX_VALUE;
        e.eventTimeEpochMs = random.nextLong();
        e.userId = random.nextInt();
        e.receivedNanos = random.nextLong();
        for (final String name : FIELDS_BY_KIND.get(kind)) {
            final Field f = InputEvent.class.getField(name);
            final Class<?> t = f.getType();
            if (t == long.class) {
                f.setLong(e, random.nextLong());
            } else if (t == int.class) {
                f.setInt(e, random.nextInt());
            } else if (t == byte.class) {
                f.setByte(e, (byte) random.nextInt());
            } else if (t == boolean.class) {
                f.setBoolean(e, random.nextBoolean());
            } else if (t == double.class) {
                f.setDouble(e, random.nextBoolean() ? random.nextDouble() * 1e6 : Double.longBitsToDouble(random.nextLong()));
            } else if (t == long[].class) {
                final long[] a = (long[]) f.get(e);
                for (int i = 0; i < a.length; i++) {
                    a[i] = random.nextLong();
                }
            } else if (t == byte[].class) {
                random.nextBytes((byte[]) f.get(e));
            } else {
                throw new AssertionError("unhandled field type " + t + " of " + name);
            }
        }
        // lengths and counts within their arrays; absent tick sections are zero, as clearTick leaves them
        e.depthLevels = random.nextInt(InputEvent.MAX_DEPTH_LEVELS + 1);
        e.brokerOrderIdLength = random.nextInt(InputEvent.ID_BYTES + 1);
        e.tagLength = random.nextInt(InputEvent.ID_BYTES + 1);
        e.textLength = random.nextInt(InputEvent.TEXT_BYTES + 1);
        e.payloadLength = random.nextInt(InputEvent.PAYLOAD_BYTES + 1);
        if (!e.hasDayOhlc) {
            e.dayOpen = e.dayHigh = e.dayLow = e.dayClose = e.dayVolume = 0;
        }
        if (!e.hasMinuteOhlc) {
            e.minuteOpen = e.minuteHigh = e.minuteLow = e.minuteClose = e.minuteVolume = e.minuteStartEpochMs = 0;
        }
        if (!e.hasGreeks) {
            e.delta = e.theta = e.gamma = e.vega = e.rho = 0.0;
        }
        return e;
    }

    static void assertFieldEquals(final String name, final InputEvent in, final InputEvent out, final String context) throws Exception {
        final Field f = InputEvent.class.getField(name);
        final Object a = f.get(in);
        final Object b = f.get(out);
        if (a instanceof long[]) {
            final int n = in.depthLevels;   // only valid levels are journaled
            assertEquals(Arrays.toString(Arrays.copyOf((long[]) a, n)), Arrays.toString(Arrays.copyOf((long[]) b, n)), name + " " + context);
        } else if (a instanceof byte[]) {
            final int n = lengthOf(name, in);
            assertEquals(Arrays.toString(Arrays.copyOf((byte[]) a, n)), Arrays.toString(Arrays.copyOf((byte[]) b, n)), name + " " + context);
        } else if (a instanceof Double) {
            assertEquals(Double.doubleToRawLongBits((Double) a), Double.doubleToRawLongBits((Double) b), name + " " + context);
        } else {
            assertEquals(a, b, name + " " + context);
        }
    }

    private static int lengthOf(final String name, final InputEvent e) {
        switch (name) {
            case "brokerOrderId": return e.brokerOrderIdLength;
            case "tag": return e.tagLength;
            case "text": return e.textLength;
            case "payload": return e.payloadLength;
            default: throw new AssertionError(name);
        }
    }

    private static List<String> concat(final List<String> a, final List<String> b) {
        final List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
