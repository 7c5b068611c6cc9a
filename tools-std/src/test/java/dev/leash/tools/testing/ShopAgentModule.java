package dev.leash.tools.testing;

import com.google.inject.AbstractModule;
import dev.leash.api.tool.Arg;
import dev.leash.api.tool.Irreversible;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolMethod;
import dev.leash.api.tool.Write;
import dev.leash.core.tool.Tools;
import dev.leash.tools.file.FileToolsConfig;
import dev.leash.tools.file.FileToolsModule;
import java.math.BigDecimal;
import java.nio.file.Path;

/**
 * An agent of one's own for the tests: the standard file tools on a folder that does not exist
 * here (the red-team suite must put them on the sandbox), and two custom tools that note what
 * they do.
 */
public final class ShopAgentModule extends AbstractModule {

    /** The shop's own tools. */
    public static final class Shop {
        @ToolMethod(name = "issue_refund", description = "Refund part or all of an order (money leaves)")
        @Irreversible
        public String refund(@Arg("order id") String order, @Arg("amount in EUR") BigDecimal amount, ToolContext context) {
            context.record("refunded " + amount.toPlainString() + " EUR on " + order);
            return "refund issued";
        }

        @ToolMethod(name = "add_order_note", description = "Add an internal note to an order")
        @Write
        public String note(@Arg("order id") String order, @Arg("the note") String note, ToolContext context) {
            context.record("note on " + order + ": " + note);
            return "noted on " + order;
        }
    }

    @Override
    protected void configure() {
        install(new FileToolsModule(FileToolsConfig.of(Path.of("/srv/shop-that-is-not-here"))));
        Tools.bind(binder()).addAnnotated(new Shop());
    }
}
