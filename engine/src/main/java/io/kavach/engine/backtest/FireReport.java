package io.kavach.engine.backtest;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.action.ActionResult;
import io.kavach.engine.action.FillHandler;
import io.kavach.engine.action.MonitorLogSink;
import io.kavach.engine.action.MonitorRecord;
import io.kavach.engine.action.OrderIntent;
import io.kavach.engine.action.OrderOutbox;
import io.kavach.engine.rule.Fire;
import io.kavach.engine.rule.IntentIds;
import io.kavach.engine.output.JsonLines;
import io.kavach.order.OrderCodes;

import java.nio.charset.StandardCharsets;

/**
 * The rules part of the backtest output: one JSON line per rule fire
 * {@code {"type":"fire","rule_id","fire_number","ts","instrument","trigger_type","price","action_type","result","intent":{…}}}
 * (a square-off's further legs in {@code "more_intents"}), one per fill
 * {@code {"type":"fill","ts","instrument","order_id","intent_id","rule_id","side","product","quantity","price"}},
 * and one per risk intent that no fire produced ({@code "type":"intent"}, the flattening at a halt).
 * It sits between the logic and the paper exchange as the outbox, so it sees each fire's intents.
 *
 * <p>Threading: the logic thread (the same one that writes the candle lines, so lines are in event order).
 */
public final class FireReport implements MonitorLogSink, FillHandler, OrderOutbox {
    private static final int MAX_CAPTURED = 64;

    private final InstrumentRegistry instruments;
    private final JsonLines out;
    private final OrderIntent[] captured = new OrderIntent[MAX_CAPTURED];
    private int capturedCount;
    private OrderOutbox target;
    private long fires;
    private long fills;

    public FireReport(final InstrumentRegistry instruments, final JsonLines out) {
        this.instruments = instruments;
        this.out = out;
        for (int i = 0; i < MAX_CAPTURED; i++) {
            captured[i] = new OrderIntent();
        }
    }

    /** Where intents go after being recorded (the paper exchange); set before the first event. */
    public void setTarget(final OrderOutbox target) {
        this.target = target;
    }

    @Override
    public void offer(final OrderIntent intent) {
        if (IntentIds.isRisk(intent.intentId)) {
            out.begin().field("type").value("intent").field("ts").timestamp(intent.eventTimeEpochMs)
                .field("intent");
            writeIntent(intent);
            out.end();
        } else if (capturedCount < MAX_CAPTURED) {
            captured[capturedCount++].copyFrom(intent);
        }
        target.offer(intent);
    }

    @Override
    public void onRecord(final MonitorRecord r) {
        final Fire f = r.fire;
        fires++;
        out.begin()
            .field("type").value("fire")
            .field("rule_id").value(r.ruleId)
            .field("fire_number").value(r.fireNumber)
            .field("ts").timestamp(r.fireTimeEpochMs)
            .field("instrument").value(f.instrumentId >= 0 ? instruments.keyOf(f.instrumentId) : null)
            .field("trigger_type").value(f.triggerType())
            .field("price");
        if (f.triggerPrice > 0) {
            out.price(f.triggerPrice);
        } else {
            out.nullValue();
        }
        if (!Double.isNaN(f.indicatorValue)) {
            out.field("indicator_value").value(f.indicatorValue);
        }
        out.field("action_type").value(f.definition.actionType())
            .field("result").value(ActionResult.name(r.result))
            .field("intent");
        if (capturedCount == 0) {
            out.nullValue();
        } else {
            writeIntent(captured[0]);
            if (capturedCount > 1) {
                out.field("more_intents").raw("[");
                for (int i = 1; i < capturedCount; i++) {
                    if (i > 1) {
                        out.raw(",");
                    }
                    writeIntentObject(captured[i]);
                }
                out.raw("]");
            }
        }
        out.end();
        capturedCount = 0;
    }

    @Override
    public void onFill(final long intentId, final int userId, final int instrumentId, final byte product, final byte side,
                       final long quantity, final long price, final byte[] brokerOrderId, final int brokerOrderIdLength,
                       final long eventTimeEpochMs) {
        fills++;
        out.begin()
            .field("type").value("fill")
            .field("ts").timestamp(eventTimeEpochMs)
            .field("instrument").value(instruments.keyOf(instrumentId))
            .field("order_id").value(new String(brokerOrderId, 0, brokerOrderIdLength, StandardCharsets.US_ASCII))
            .field("intent_id").value(intentId)
            .field("rule_id").value(IntentIds.ruleId(intentId))
            .field("user_id").value(userId)
            .field("side").value(OrderCodes.sideWire(side))
            .field("product").value(OrderCodes.productWire(product))
            .field("quantity").value(quantity)
            .field("price").price(price)
            .end();
    }

    private void writeIntent(final OrderIntent i) {
        writeIntentObject(i);
    }

    private void writeIntentObject(final OrderIntent i) {
        out.openObject()
            .field("id").value(i.intentId)
            .field("tag").value(i.tagString())
            .field("action").value(OrderIntent.actionName(i.action))
            .field("user_id").value(i.userId);
        if (i.action == OrderIntent.PLACE) {
            out.field("instrument").value(instruments.keyOf(i.instrumentId))
                .field("transaction_type").value(OrderCodes.sideWire(i.side))
                .field("quantity").value(i.quantity)
                .field("order_type").value(OrderCodes.typeWire(i.orderType))
                .field("product").value(OrderCodes.productWire(i.product))
                .field("validity").value(OrderCodes.validityWire(i.validity))
                .field("price");
            priceOrNull(i.price);
            out.field("trigger_price");
            priceOrNull(i.triggerPrice);
            out.field("reduce_only").value(i.exit);
        } else {
            out.field("order_id").value(i.brokerOrderIdString());
            if (i.action == OrderIntent.MODIFY) {
                out.field("quantity").value(i.quantity).field("price");
                priceOrNull(i.price);
                out.field("trigger_price");
                priceOrNull(i.triggerPrice);
            }
        }
        out.closeObject();
    }

    private void priceOrNull(final long fixed) {
        if (fixed > 0) {
            out.price(fixed);
        } else {
            out.nullValue();
        }
    }

    public long fires() {
        return fires;
    }

    public long fills() {
        return fills;
    }
}
