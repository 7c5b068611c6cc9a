/**
 * Approval gates: {@code deny} (default), {@link dev.leash.tiers.approval.ConsoleGate}, {@link
 * dev.leash.tiers.approval.WebhookGate} and the in-memory {@link
 * dev.leash.tiers.approval.QueueGate}. An approval binds to the hash of the exact call; a timeout
 * or an error is a denial.
 */
package dev.leash.tiers.approval;
