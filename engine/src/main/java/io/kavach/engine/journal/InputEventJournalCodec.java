package io.kavach.engine.journal;

import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.journal.layout.CommandDecoder;
import io.kavach.journal.layout.CommandEncoder;
import io.kavach.journal.layout.MarketStatusDecoder;
import io.kavach.journal.layout.MarketStatusEncoder;
import io.kavach.journal.layout.MarketTickDecoder;
import io.kavach.journal.layout.MarketTickEncoder;
import io.kavach.journal.layout.OrderDecoder;
import io.kavach.journal.layout.OrderEncoder;
import io.kavach.journal.layout.RecordHeaderDecoder;
import io.kavach.journal.layout.RecordHeaderEncoder;
import io.kavach.journal.layout.TimerDecoder;
import io.kavach.journal.layout.TimerEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Maps an {@link InputEvent} to a journal record and back. Every field of the event's kind
 * round-trips, except {@link InputEvent#receivedNanos} (a local latency stamp, never journaled; reads
 * back as 0). Allocation-free: the flyweights are reused.
 *
 * <p>Owned by one thread: the journal handler (encode) or the replay source (decode); use one
 * instance per thread.
 */
public final class InputEventJournalCodec {
    private final RecordHeaderEncoder headerEncoder = new RecordHeaderEncoder();
    private final MarketTickEncoder tickEncoder = new MarketTickEncoder();
    private final MarketStatusEncoder statusEncoder = new MarketStatusEncoder();
    private final OrderEncoder orderEncoder = new OrderEncoder();
    private final TimerEncoder timerEncoder = new TimerEncoder();
    private final CommandEncoder commandEncoder = new CommandEncoder();

    private final RecordHeaderDecoder headerDecoder = new RecordHeaderDecoder();
    private final MarketTickDecoder tickDecoder = new MarketTickDecoder();
    private final MarketStatusDecoder statusDecoder = new MarketStatusDecoder();
    private final OrderDecoder orderDecoder = new OrderDecoder();
    private final TimerDecoder timerDecoder = new TimerDecoder();
    private final CommandDecoder commandDecoder = new CommandDecoder();

    /**
     * Encodes {@code e} at offset 0 of {@code buffer}.
     *
     * @return the record length, or -1 for an event of unknown kind (nothing meaningful to journal)
     */
    public int encode(final InputEvent e, final MutableDirectBuffer buffer) {
        headerEncoder.wrap(buffer, 0).kind(e.kind).userId(e.userId).sequence(e.sequence).eventTimeEpochMs(e.eventTimeEpochMs);
        final int body = RecordHeaderEncoder.ENCODED_LENGTH;
        switch (e.kind) {
            case EventKind.MARKET_TICK:
                return body + encodeTick(e, buffer, body);
            case EventKind.MARKET_STATUS:
                statusEncoder.wrap(buffer, body).segment(e.segment).marketStatus(e.marketStatus);
                return body + MarketStatusEncoder.ENCODED_LENGTH;
            case EventKind.ORDER_UPDATE:
            case EventKind.POSITION_UPDATE:
            case EventKind.ORDER_ACK:
            case EventKind.ORDER_INTENT:
                orderEncoder.wrap(buffer, body)
                    .intentId(e.intentId).ruleId(e.ruleId).quantity(e.quantity).filledQuantity(e.filledQuantity)
                    .pendingQuantity(e.pendingQuantity).price(e.price).triggerPrice(e.triggerPrice)
                    .averagePrice(e.averagePrice).netQuantity(e.netQuantity).instrumentId(e.instrumentId)
                    .orderStatus(e.orderStatus).side(e.side).orderType(e.orderType).product(e.product).validity(e.validity)
                    .action(e.command).ackCode(e.ackCode)
                    .strings(e.brokerOrderId, e.brokerOrderIdLength, e.tag, e.tagLength, e.text, e.textLength);
                return body + orderEncoder.encodedLength();
            case EventKind.TIMER:
                timerEncoder.wrap(buffer, body).ruleId(e.ruleId).timerType(e.timerType);
                return body + TimerEncoder.ENCODED_LENGTH;
            case EventKind.RULE_COMMAND:
            case EventKind.CONTROL:
                commandEncoder.wrap(buffer, body).ruleId(e.ruleId).instrumentId(e.instrumentId).command(e.command)
                    .body(e.text, e.textLength, e.payload, e.payloadLength);
                return body + commandEncoder.encodedLength();
            default:
                return -1;
        }
    }

    private int encodeTick(final InputEvent e, final MutableDirectBuffer buffer, final int at) {
        final int levels = Math.max(0, Math.min(e.depthLevels, InputEvent.MAX_DEPTH_LEVELS));
        final int flags = (e.snapshot ? MarketTickEncoder.FLAG_SNAPSHOT : 0)
            | (e.hasDayOhlc ? MarketTickEncoder.FLAG_DAY_OHLC : 0)
            | (e.hasMinuteOhlc ? MarketTickEncoder.FLAG_MINUTE_OHLC : 0)
            | (e.hasGreeks ? MarketTickEncoder.FLAG_GREEKS : 0);
        final MarketTickEncoder t = tickEncoder.wrap(buffer, at, flags, levels)
            .instrumentId(e.instrumentId).feedShape(e.feedShape).requestMode(e.requestMode)
            .feedTimeEpochMs(e.feedTimeEpochMs).ltp(e.ltp).lttEpochMs(e.lttEpochMs).ltq(e.ltq).closePrice(e.closePrice)
            .atp(e.atp).vtt(e.vtt).oi(e.oi).iv(e.iv).tbq(e.tbq).tsq(e.tsq);
        if (e.hasDayOhlc) {
            t.dayOhlc(e.dayOpen, e.dayHigh, e.dayLow, e.dayClose, e.dayVolume);
        }
        if (e.hasMinuteOhlc) {
            t.minuteOhlc(e.minuteOpen, e.minuteHigh, e.minuteLow, e.minuteClose, e.minuteVolume, e.minuteStartEpochMs);
        }
        if (e.hasGreeks) {
            t.greeks(e.delta, e.theta, e.gamma, e.vega, e.rho);
        }
        for (int i = 0; i < levels; i++) {
            t.depthLevel(i, e.bidPrice[i], e.bidQty[i], e.askPrice[i], e.askQty[i]);
        }
        return t.encodedLength();
    }

    /**
     * Fills {@code e} from a validated record (as a {@link io.kavach.journal.JournalReader} delivers
     * it): header fields, then every field of the record's kind. {@code receivedNanos} becomes 0.
     */
    public void decode(final DirectBuffer buffer, final int offset, final InputEvent e) {
        headerDecoder.wrap(buffer, offset);
        e.sequence = headerDecoder.sequence();
        e.kind = headerDecoder.kind();
        e.eventTimeEpochMs = headerDecoder.eventTimeEpochMs();
        e.userId = headerDecoder.userId();
        e.receivedNanos = 0;
        final int body = offset + RecordHeaderEncoder.ENCODED_LENGTH;
        switch (e.kind) {
            case EventKind.MARKET_TICK:
                decodeTick(buffer, body, e);
                break;
            case EventKind.MARKET_STATUS:
                statusDecoder.wrap(buffer, body);
                e.segment = statusDecoder.segment();
                e.marketStatus = statusDecoder.marketStatus();
                break;
            case EventKind.ORDER_UPDATE:
            case EventKind.POSITION_UPDATE:
            case EventKind.ORDER_ACK:
            case EventKind.ORDER_INTENT:
                decodeOrder(buffer, body, e);
                break;
            case EventKind.TIMER:
                timerDecoder.wrap(buffer, body);
                e.ruleId = timerDecoder.ruleId();
                e.timerType = timerDecoder.timerType();
                break;
            case EventKind.RULE_COMMAND:
            case EventKind.CONTROL:
                commandDecoder.wrap(buffer, body);
                e.ruleId = commandDecoder.ruleId();
                e.instrumentId = commandDecoder.instrumentId();
                e.command = commandDecoder.command();
                e.textLength = commandDecoder.getText(e.text);
                e.payloadLength = commandDecoder.getPayload(e.payload);
                break;
            default:
                break;
        }
    }

    private void decodeTick(final DirectBuffer buffer, final int at, final InputEvent e) {
        final MarketTickDecoder t = tickDecoder.wrap(buffer, at);
        e.instrumentId = t.instrumentId();
        e.feedShape = t.feedShape();
        e.requestMode = t.requestMode();
        e.snapshot = t.snapshot();
        e.feedTimeEpochMs = t.feedTimeEpochMs();
        e.ltp = t.ltp();
        e.lttEpochMs = t.lttEpochMs();
        e.ltq = t.ltq();
        e.closePrice = t.closePrice();
        e.atp = t.atp();
        e.vtt = t.vtt();
        e.oi = t.oi();
        e.iv = t.iv();
        e.tbq = t.tbq();
        e.tsq = t.tsq();
        e.hasDayOhlc = t.hasDayOhlc();
        e.dayOpen = t.dayOpen();
        e.dayHigh = t.dayHigh();
        e.dayLow = t.dayLow();
        e.dayClose = t.dayClose();
        e.dayVolume = t.dayVolume();
        e.hasMinuteOhlc = t.hasMinuteOhlc();
        e.minuteOpen = t.minuteOpen();
        e.minuteHigh = t.minuteHigh();
        e.minuteLow = t.minuteLow();
        e.minuteClose = t.minuteClose();
        e.minuteVolume = t.minuteVolume();
        e.minuteStartEpochMs = t.minuteStartEpochMs();
        e.hasGreeks = t.hasGreeks();
        e.delta = t.delta();
        e.theta = t.theta();
        e.gamma = t.gamma();
        e.vega = t.vega();
        e.rho = t.rho();
        final int levels = Math.min(t.depthLevels(), InputEvent.MAX_DEPTH_LEVELS);
        e.depthLevels = levels;
        for (int i = 0; i < levels; i++) {
            e.bidPrice[i] = t.bidPrice(i);
            e.bidQty[i] = t.bidQty(i);
            e.askPrice[i] = t.askPrice(i);
            e.askQty[i] = t.askQty(i);
        }
    }

    private void decodeOrder(final DirectBuffer buffer, final int at, final InputEvent e) {
        final OrderDecoder o = orderDecoder.wrap(buffer, at);
        e.intentId = o.intentId();
        e.ruleId = o.ruleId();
        e.quantity = o.quantity();
        e.filledQuantity = o.filledQuantity();
        e.pendingQuantity = o.pendingQuantity();
        e.price = o.price();
        e.triggerPrice = o.triggerPrice();
        e.averagePrice = o.averagePrice();
        e.netQuantity = o.netQuantity();
        e.instrumentId = o.instrumentId();
        e.orderStatus = o.orderStatus();
        e.side = o.side();
        e.orderType = o.orderType();
        e.product = o.product();
        e.validity = o.validity();
        e.command = o.action();
        e.ackCode = o.ackCode();
        e.brokerOrderIdLength = o.getBrokerOrderId(e.brokerOrderId);
        e.tagLength = o.getTag(e.tag);
        e.textLength = o.getText(e.text);
    }
}
