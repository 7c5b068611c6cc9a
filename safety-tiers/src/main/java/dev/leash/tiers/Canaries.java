package dev.leash.tiers;

import com.google.inject.BindingAnnotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@code Set<String>} multibinding of canary tokens planted in the model's system
 * prompt. Each is registered with the leak guard: a call that would send one out is denied by
 * rule {@code leak-guard.canary}. Use {@link TierModule#canaries(com.google.inject.Binder)}.
 */
@BindingAnnotation
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface Canaries {
}
