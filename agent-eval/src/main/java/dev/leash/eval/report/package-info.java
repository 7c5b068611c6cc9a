/**
 * Results of red-team runs: one {@link dev.leash.eval.report.ScenarioResult} per scenario and level,
 * the per-level scorecard, the JSON report of the command line, and the table for people.
 */
package dev.leash.eval.report;
