/** The agent loop: planner, executor, observations, with step and wall-clock budgets. */
package dev.leash.core.loop;
