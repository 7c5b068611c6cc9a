package dev.leash.tiers;

import com.google.inject.BindingAnnotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the approval gate built from {@code safety.approvals}: the default of the {@code
 * ApprovalGate} binding, which a deployment replaces with {@link TierModule#approvalGate}.
 */
@BindingAnnotation
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface ConfiguredGate {
}
