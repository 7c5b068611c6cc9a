package dev.leash.tools;

import dev.leash.api.tool.Credential;
import dev.leash.api.tool.CredentialProvider;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ToolContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link ToolContext} for running tools directly: an impact and the credentials bound per impact. */
public final class TestContext implements ToolContext {

    private final Impact impact;
    private final CredentialProvider credentials;

    private TestContext(Impact impact, CredentialProvider credentials) {
        this.impact = impact;
        this.credentials = credentials;
    }

    public static TestContext at(Impact impact) {
        return new TestContext(impact, CredentialProvider.none());
    }

    public static TestContext at(Impact impact, CredentialProvider credentials) {
        return new TestContext(impact, credentials);
    }

    /** A provider holding the given credentials, each for its own impact, handing out the highest one at or below the asked impact. */
    public static CredentialProvider provider(Credential... bound) {
        List<Credential> list = new ArrayList<>(List.of(bound));
        return (service, impact) -> list.stream()
                .filter(c -> c.service().equals(service) && c.impact().isAtMost(impact))
                .max((a, b) -> a.impact().compareTo(b.impact()));
    }

    @Override
    public String runId() {
        return "test-run";
    }

    @Override
    public String principal() {
        return "alex@novastar.example";
    }

    @Override
    public Impact impact() {
        return impact;
    }

    @Override
    public Instant deadline() {
        return Instant.now().plusSeconds(30);
    }

    @Override
    public Optional<Credential> credential(String service) {
        return credentials.credential(service, impact).filter(c -> c.impact().isAtMost(impact));
    }
}
