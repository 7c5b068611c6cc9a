/**
 * Rate limits and budgets of the safety tiers ({@code safety.tools}): {@link
 * dev.leash.tiers.limit.TierLimiter} admits or denies each call without ever blocking.
 */
package dev.leash.tiers.limit;
