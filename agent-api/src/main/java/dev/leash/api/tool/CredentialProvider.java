package dev.leash.api.tool;

import java.util.Optional;

/**
 * Hands tools the credentials for a service, keyed by the impact of the call being made, so a
 * read call never sees a write key. A tier binds the provider; at Level 1 no write credential is
 * bound at all.
 *
 * <p>Implementations must be thread-safe.
 */
public interface CredentialProvider {

    /**
     * The credential for {@code service} that a call of {@code impact} may use: the one bound
     * for exactly that impact, or failing that for a lower one. Never one for a higher impact.
     */
    Optional<Credential> credential(String service, Impact impact);

    /** A provider that holds nothing. */
    static CredentialProvider none() {
        return (service, impact) -> Optional.empty();
    }
}
