/**
 * The policies of the safety tiers: the {@link dev.leash.tiers.policy.ImpactGate} of each level
 * and the {@link dev.leash.tiers.policy.Allowlists} on recipients, hosts, paths and tables, put
 * together by {@link dev.leash.tiers.policy.TierPolicies}. Every decision names its rule.
 */
package dev.leash.tiers.policy;
