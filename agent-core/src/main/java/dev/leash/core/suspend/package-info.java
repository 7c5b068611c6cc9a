/**
 * Runs that suspend while a human decides: the durable snapshot of a suspended run ({@link
 * dev.leash.core.suspend.SuspendedRun}) and the store it is kept in ({@link
 * dev.leash.core.suspend.SuspensionStore}), which the agent loop uses to end a run {@code
 * AWAITING_APPROVAL} and to resume it, in this process or another one.
 */
package dev.leash.core.suspend;
