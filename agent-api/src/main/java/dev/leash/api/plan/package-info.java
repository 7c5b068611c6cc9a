/**
 * Planning: the planner proposes {@link dev.leash.api.plan.Step}s, the executor turns each
 * proposed call into an {@link dev.leash.api.plan.Observation}, and observations go back into
 * the {@link dev.leash.api.plan.PlannerState}.
 */
package dev.leash.api.plan;
