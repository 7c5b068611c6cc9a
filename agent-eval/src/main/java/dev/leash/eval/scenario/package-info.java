/**
 * Scenario files: the model ({@link dev.leash.eval.scenario.Scenario} and its parts), the loader
 * for YAML and JSON with validation against the project's scenario schema, the built-in library,
 * and the simulated tools a scenario declares.
 */
package dev.leash.eval.scenario;
