package com.example.shop;

import dev.leash.api.tool.Arg;
import dev.leash.api.tool.Irreversible;
import dev.leash.api.tool.Read;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolMethod;
import dev.leash.api.tool.Write;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The shop's own tools, one of each impact. Thread-safe. */
public final class Shop {

    private final List<String> refunds = new CopyOnWriteArrayList<>();

    @ToolMethod(name = "order_status", description = "Where an order is")
    @Read
    public String orderStatus(@Arg("order id") String order) {
        return order + ": delivered, damaged in transit";
    }

    @ToolMethod(name = "add_order_note", description = "Add an internal note to an order")
    @Write
    public String addNote(@Arg("order id") String order, @Arg("the note") String note, ToolContext context) {
        context.record("note on " + order + ": " + note);
        return "noted on " + order;
    }

    @ToolMethod(name = "issue_refund", description = "Refund part or all of an order (money leaves)")
    @Irreversible
    public String issueRefund(@Arg("order id") String order, @Arg("amount in EUR") BigDecimal amount, ToolContext context) {
        refunds.add(order + " " + amount.toPlainString());
        context.record("refunded " + amount.toPlainString() + " EUR on " + order);
        return "refund issued";
    }

    /** The refunds paid, {@code "<order> <amount>"}. */
    public List<String> refunds() {
        return List.copyOf(refunds);
    }
}
