package dev.leash.tiers.credential;

import com.google.inject.BindingAnnotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the deployment's own {@link dev.leash.api.tool.CredentialProvider}, before the tier caps
 * it. Bind it with {@link Credentials#bind}; tools receive only the tier's scoped view.
 */
@BindingAnnotation
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface RawCredentials {
}
