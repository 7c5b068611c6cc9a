package dev.leash.core.tool;

import static java.util.Objects.requireNonNull;

import com.google.inject.Binder;
import com.google.inject.multibindings.Multibinder;
import dev.leash.api.tool.Tool;

/**
 * Registers tools in a Guice module:
 *
 * <pre>{@code
 * protected void configure() {
 *     Tools.bind(binder())
 *         .add(SendInvoiceTool.class)          // a Tool class, constructed by Guice
 *         .addAnnotated(new BillingTools());   // every @ToolMethod of an object
 * }
 * }</pre>
 *
 * <p>Every tool ends up in the {@code Set<Tool>} multibinding that {@link ToolRegistry} reads.
 */
public final class Tools {

    private final Multibinder<Tool> multibinder;

    private Tools(Binder binder) {
        this.multibinder = Multibinder.newSetBinder(binder, Tool.class);
    }

    /** The tool binder of a module. Safe to call from several modules. */
    public static Tools bind(Binder binder) {
        return new Tools(requireNonNull(binder, "binder is null"));
    }

    /** Adds a tool class; Guice constructs it (as a singleton). */
    public Tools add(Class<? extends Tool> toolClass) {
        multibinder.addBinding().to(toolClass).in(com.google.inject.Scopes.SINGLETON);
        return this;
    }

    /** Adds a tool instance. */
    public Tools add(Tool tool) {
        multibinder.addBinding().toInstance(tool);
        return this;
    }

    /** Adds every {@code @ToolMethod} of {@code target} as a tool; refuses methods without an impact annotation. */
    public Tools addAnnotated(Object target) {
        for (Tool tool : AnnotatedTools.from(target)) {
            multibinder.addBinding().toInstance(tool);
        }
        return this;
    }
}
