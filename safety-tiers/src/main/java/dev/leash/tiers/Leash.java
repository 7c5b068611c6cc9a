package dev.leash.tiers;

/**
 * Where an agent of one's own starts: {@link #agent()} gives a builder that puts the tools, the
 * tier, the planner and the audit sink together without writing Guice wiring.
 *
 * <pre>{@code
 * AgentLoop agent = Leash.agent()
 *         .tools(new Billing())                         // @ToolMethod objects, Tool instances or Tool classes
 *         .level(SafetyLevel.LEVEL_2)                   // or config(Path.of("leash.yaml"))
 *         .planner(ScriptedPlanner.factory(steps))      // or modelFromEnvironment()
 *         .audit(JsonlAuditSink.open(Path.of("audit.jsonl"), List.of()))
 *         .build();
 * }</pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class Leash {

    private Leash() {
    }

    /** A new agent builder; see {@link AgentBuilder}. */
    public static AgentBuilder agent() {
        return new AgentBuilder();
    }
}
