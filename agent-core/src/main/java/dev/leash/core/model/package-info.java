/**
 * Model-backed planning through langchain4j. {@link dev.leash.core.model.ModelPlanner} turns a
 * {@link dev.leash.api.plan.PlannerState} into a chat request (the tools the tier offers, the
 * goal, every call and its observation), and the model's answer into a
 * {@link dev.leash.api.plan.Step}. {@link dev.leash.core.model.ModelSettings} reads the provider
 * from the environment and {@code leash.yaml}; {@link dev.leash.core.model.ModelPlannerFactory}
 * wires both together; {@link dev.leash.core.model.RetryPolicy} says how transient faults are
 * retried.
 */
package dev.leash.core.model;
