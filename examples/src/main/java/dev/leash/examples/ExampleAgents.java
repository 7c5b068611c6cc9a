package dev.leash.examples;

import dev.leash.api.ConfigurationException;
import dev.leash.examples.inbox.InboxAgent;
import dev.leash.examples.ops.OpsAgent;
import dev.leash.examples.refunds.RefundsAgent;
import java.util.List;
import java.util.Optional;

/** The example agents shipped with Leash, by name. Stateless. */
public final class ExampleAgents {

    private static final List<ExampleAgent> ALL = List.of(new InboxAgent(), new OpsAgent(), new RefundsAgent());

    private ExampleAgents() {
    }

    /** Every example agent: inbox, ops, refunds. */
    public static List<ExampleAgent> all() {
        return ALL;
    }

    /** The names of the example agents. */
    public static List<String> names() {
        return ALL.stream().map(ExampleAgent::name).toList();
    }

    public static Optional<ExampleAgent> find(String name) {
        return ALL.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /**
     * The agent called {@code name}.
     *
     * @throws ConfigurationException listing the known agents when there is none by that name
     */
    public static ExampleAgent named(String name) {
        return find(name).orElseThrow(() -> ConfigurationException.invalidValue("--agent", null, name,
                "one of " + String.join(", ", names())));
    }
}
