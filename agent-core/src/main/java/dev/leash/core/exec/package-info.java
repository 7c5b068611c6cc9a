/**
 * Execution of proposed calls. {@link dev.leash.core.exec.ToolExecutor} is what a tier binds;
 * {@link dev.leash.core.exec.GuardedExecutor} is the pipeline every tier uses, configured with
 * the tier's policies, limits, approval gate, audit sink and alerting.
 */
package dev.leash.core.exec;
