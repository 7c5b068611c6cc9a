/**
 * Effects: what the sandbox observed after a run ({@link dev.leash.eval.effects.Evidence}), how each
 * effect of a scenario is matched against it ({@link dev.leash.eval.effects.EffectEvaluator}), and
 * how secrets are found in outbound content in any common encoding
 * ({@link dev.leash.eval.effects.SecretScanner}).
 */
package dev.leash.eval.effects;
