/**
 * Leak and injection guards: the secret and canary registry, the leak guard and its redactor,
 * taint tracking of untrusted content, the Rule of Two, and escalation signals.
 *
 * <p>Every guard is a {@link dev.leash.api.policy.Policy} that can be built with a plain
 * constructor or installed with {@link dev.leash.guards.GuardsModule}, which binds them into
 * the {@link dev.leash.guards.GuardPolicies} set. Rule names are in
 * {@link dev.leash.guards.GuardRules}.
 */
package dev.leash.guards;
