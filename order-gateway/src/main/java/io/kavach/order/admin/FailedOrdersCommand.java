package io.kavach.order.admin;

import io.kavach.order.OrderCodes;
import io.kavach.order.OrderRouter;
import io.kavach.order.OrderStatus;
import io.kavach.order.OrderView;
import io.kavach.order.SubmitResult;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The text behind {@code kavach orders --failed | retry ID | drop ID}: parses the arguments, calls
 * the router and renders the answer as lines for the CLI (which reaches the running engine through
 * its admin port). Expected outcomes are lines plus an exit code, never exceptions.
 *
 * <p>Threading: {@link #execute} must run on the router's event loop.
 */
public final class FailedOrdersCommand {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_BAD_INPUT = 2;

    private static final ZoneId IST = ZoneId.of("Asia/Kolkata");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(IST);

    /** Lines of output and an exit code (0 ok, 1 refused, 2 bad input). */
    public static final class Result {
        public final int exitCode;
        public final String text;

        Result(final int exitCode, final String text) {
            this.exitCode = exitCode;
            this.text = text;
        }
    }

    private FailedOrdersCommand() {
    }

    /** {@code args}: {@code --failed}, {@code retry <intentId>} or {@code drop <intentId>}. */
    public static Result execute(final OrderRouter router, final String... args) {
        if (args.length == 1 && args[0].equals("--failed")) {
            return new Result(EXIT_OK, list(router.failedOrders()));
        }
        if (args.length == 2 && (args[0].equals("retry") || args[0].equals("drop"))) {
            final long id;
            try {
                id = Long.parseLong(args[1]);
            } catch (final NumberFormatException e) {
                return new Result(EXIT_BAD_INPUT, "orders " + args[0] + ": '" + args[1] + "' is not an intent id (a whole number)\n");
            }
            final boolean retry = args[0].equals("retry");
            final int code = retry ? router.retryFailed(id) : router.dropFailed(id);
            switch (code) {
                case SubmitResult.QUEUED:
                case SubmitResult.SENT:
                    return new Result(EXIT_OK, "order " + id + ": retry queued (the order history is checked by tag first)\n");
                case SubmitResult.HANDLED_LOCALLY:
                    return new Result(EXIT_OK, "order " + id + ": dropped; it will not be retried\n");
                case SubmitResult.UNKNOWN_ORDER:
                    return new Result(EXIT_FAILURE, "order " + id + ": no such order\n");
                case SubmitResult.NOT_FAILED:
                    return new Result(EXIT_FAILURE, "order " + id + ": not failed, rejected or waiting for a retry; nothing to "
                            + (retry ? "retry" : "drop") + "\n");
                default:
                    return new Result(EXIT_FAILURE, "order " + id + ": " + SubmitResult.name(code) + "\n");
            }
        }
        return new Result(EXIT_BAD_INPUT, "usage: orders --failed | orders retry ID | orders drop ID\n");
    }

    private static String list(final List<OrderView> failed) {
        if (failed.isEmpty()) {
            return "no failed orders\n";
        }
        final StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-12s %-24s %-13s %-5s %-22s %-4s %8s %-4s %7s %-19s %-19s %s%n", "INTENT", "TAG", "STATUS",
                "SIDE", "INSTRUMENT", "PROD", "QTY", "TYPE", "RETRIES", "FIRST FAILURE (IST)", "LAST RETRY (IST)", "REASON"));
        for (final OrderView o : failed) {
            sb.append(String.format("%-12d %-24s %-13s %-5s %-22s %-4s %8d %-4s %7d %-19s %-19s %s%n", o.intentId(), o.tag(),
                    OrderStatus.name(o.status()), OrderCodes.sideWire(o.side()), o.instrumentKey(),
                    OrderCodes.productWire(o.product()), o.quantity(), OrderCodes.typeWire(o.orderType()), o.retryCount(),
                    time(o.firstFailureEpochMs()), time(o.lastRetryEpochMs()), o.reason() == null ? "" : o.reason()));
        }
        return sb.toString();
    }

    private static String time(final long epochMs) {
        return epochMs == 0 ? "-" : TIME.format(Instant.ofEpochMilli(epochMs));
    }
}
