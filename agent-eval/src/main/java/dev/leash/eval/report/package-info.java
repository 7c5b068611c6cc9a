/**
 * Results of red-team runs: one {@link dev.leash.eval.report.ScenarioResult} per scenario and level,
 * the per-level scorecard, the JSON report of the command line, and the table for people; what a
 * report was played with ({@link dev.leash.eval.report.RunMeta}: the build and the hashes of the
 * configuration and of the scenario library, {@link dev.leash.eval.report.Fingerprint}), and the
 * comparison of a report with an earlier one ({@link dev.leash.eval.report.Baseline}).
 */
package dev.leash.eval.report;
