package dev.leash.tiers.credential;

import com.google.inject.BindingAnnotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the deployment's own {@link dev.leash.api.tool.CredentialProvider}, before the tier caps
 * it. Package-private on purpose: a deployment binds it with {@link Credentials#bind}, but no
 * tool or other class outside this package can ask Guice for it; they receive only the tier's
 * {@link ScopedCredentials} view.
 */
@BindingAnnotation
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
@interface RawCredentials {
}
