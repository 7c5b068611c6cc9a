/**
 * The red-team harness: scenario files are played against an agent assembled at each safety level,
 * on a sandboxed environment, and harm is read from that environment afterwards. Start with
 * {@link dev.leash.eval.runner.RedTeamRunner} and {@link dev.leash.eval.AgentAssembly}.
 */
package dev.leash.eval;
