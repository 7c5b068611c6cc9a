/**
 * The permission manifest: every tool, its impact, and what the tier does with it, for auditors
 * ({@code leash manifest}).
 */
package dev.leash.tiers.manifest;
