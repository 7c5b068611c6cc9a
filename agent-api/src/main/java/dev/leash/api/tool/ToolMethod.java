package dev.leash.api.tool;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a tool. The method must also carry exactly one impact annotation ({@link
 * Read}, {@link Write} or {@link Irreversible}); without one the tool is refused at registration.
 * Each parameter is described with {@link Arg}. The arguments schema is derived from the
 * parameter types.
 *
 * <pre>{@code
 * @ToolMethod(name = "issue_refund", description = "Refund an order")
 * @Irreversible
 * public String issueRefund(@Arg("order id") String order, @Arg("amount in EUR") BigDecimal amount,
 *                           @Arg(value = "IBAN to pay", target = "payee") String iban) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ToolMethod {
    /** The tool name; defaults to the method name. */
    String name() default "";

    /** What the tool does, for the model. */
    String description();

    /**
     * Whether the result is inside the deployment's trust boundary. Default false: a result is
     * untrusted (guards track it as possibly carrying injected instructions) unless the tool says
     * it is produced inside the deployment, e.g. a computed total or a confirmation.
     */
    boolean trustedResult() default false;
}
