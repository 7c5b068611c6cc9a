package dev.leash.tiers.credential;

import static java.util.Objects.requireNonNull;

import com.google.inject.Binder;
import com.google.inject.Key;
import com.google.inject.binder.LinkedBindingBuilder;
import com.google.inject.multibindings.OptionalBinder;
import dev.leash.api.tool.Credential;
import dev.leash.api.tool.CredentialProvider;
import dev.leash.api.tool.Impact;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A small registry of credentials, each for a service and an impact, and the way to hand a
 * deployment's credentials to the tier:
 *
 * <pre>{@code
 * Credentials.bind(binder()).toInstance(Credentials.builder()
 *         .add(new Credential("jdbc", "reader", readerPassword, Impact.READ))
 *         .add(new Credential("jdbc", "writer", writerPassword, Impact.WRITE))
 *         .build());
 * }</pre>
 *
 * <p>The tier never hands this provider to tools directly: it binds {@link CredentialProvider}
 * to a {@link ScopedCredentials} view capped at the level's ceiling, so at Level 1 no write
 * credential is reachable at all. For a service, {@link #credential} returns the one bound for the
 * highest impact at most the one asked for. Immutable and thread-safe.
 */
public final class Credentials implements CredentialProvider {

    private final List<Credential> credentials;

    private Credentials(List<Credential> credentials) {
        this.credentials = List.copyOf(credentials);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The binding of the deployment's raw credentials. Call from the deployment's module; without
     * it, no credentials are bound. The raw provider is bound under a package-private annotation,
     * so only the tier's {@link CredentialsModule} can inject it.
     */
    public static LinkedBindingBuilder<CredentialProvider> bind(Binder binder) {
        return OptionalBinder.newOptionalBinder(binder, rawKey()).setBinding();
    }

    /** The key of the raw provider: {@code @RawCredentials CredentialProvider}. */
    static Key<CredentialProvider> rawKey() {
        return Key.get(CredentialProvider.class, RawCredentials.class);
    }

    @Override
    public Optional<Credential> credential(String service, Impact impact) {
        requireNonNull(service, "service is null");
        requireNonNull(impact, "impact is null");
        return credentials.stream()
                .filter(c -> c.service().equals(service) && c.impact().isAtMost(impact))
                .max(Comparator.comparing(Credential::impact));
    }

    /** Builds {@link Credentials}; one credential per service and impact. */
    public static final class Builder {
        private final List<Credential> credentials = new ArrayList<>();

        public Builder add(Credential credential) {
            requireNonNull(credential, "credential is null");
            for (Credential c : credentials) {
                if (c.service().equals(credential.service()) && c.impact() == credential.impact()) {
                    throw new IllegalArgumentException("two credentials for " + credential.service() + " at "
                            + credential.impact());
                }
            }
            credentials.add(credential);
            return this;
        }

        public Credentials build() {
            return new Credentials(credentials);
        }
    }
}
