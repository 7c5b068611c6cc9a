/**
 * Plays scenarios: each at each level it applies to, with the scripted planner and the scenario's
 * simulated reviewer, on a fresh sandbox, and judges the result from the environment.
 */
package dev.leash.eval.runner;
