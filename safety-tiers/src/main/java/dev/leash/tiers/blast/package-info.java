/**
 * The blast radius of a deployment: what its tools can do unattended in a day at a level, what
 * needs a human and what can never happen, computed from the same parts the tier enforces (the
 * impact gate, the allowlists, the rates and budgets), and the diff of two such reports.
 */
package dev.leash.tiers.blast;
