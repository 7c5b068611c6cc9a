package dev.leash.api.tool;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Describes one parameter of a {@link ToolMethod}. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Arg {
    /** Description of the argument for the model. */
    String value();

    /** Argument name; defaults to the parameter name (compile with {@code -parameters}). */
    String name() default "";

    /** Whether the argument must be given. Default true. */
    boolean required() default true;

    /**
     * The kind of target this argument names, for allowlists: {@code email}, {@code host},
     * {@code url}, {@code path}, {@code table}, or a kind of the tool's own ({@code payee},
     * {@code channel}, checked against {@code safety.allow.targets.<kind>}). Default: none.
     */
    String target() default "";
}
