package dev.leash.tiers;

import com.google.inject.BindingAnnotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@code Set<Policy>} multibinding of guard policies that every level's chain runs
 * before the allowlists and the impact gate: the leak guard (secrets and canaries in outbound
 * arguments), the taint guard (untrusted content flowing into WRITE/IRREVERSIBLE arguments), the
 * Rule of Two and the escalation guard are bound here by {@link TierModule}, as are a
 * deployment's own extra policies.
 *
 * <pre>{@code
 * Multibinder.newSetBinder(binder(), Policy.class, TierGuards.class).addBinding().to(LeakGuard.class);
 * }</pre>
 *
 * <p>Use {@link TierModule#guards(com.google.inject.Binder)} for the binder.
 */
@BindingAnnotation
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface TierGuards {
}
