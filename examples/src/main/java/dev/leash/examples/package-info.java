/**
 * Example agents built on Leash, and what they share: {@link dev.leash.examples.ExampleAgent} (an
 * agent's tools and backends), {@link dev.leash.examples.ExampleAgents} (the agents by name) and
 * {@link dev.leash.examples.AgentWiring} (tier + agent module + planner + audit = an agent loop).
 * Each agent has its own package: {@code inbox}, {@code ops}, {@code refunds}.
 */
package dev.leash.examples;
