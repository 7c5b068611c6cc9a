/**
 * The sandboxed environment of one run: a temporary file root, an in-process mail server (SMTP and
 * IMAP on loopback), a loopback HTTP stub to which every scenario URL is routed, and an in-memory
 * database, all seeded from the scenario and read back afterwards as
 * {@link dev.leash.eval.effects.Evidence}.
 */
package dev.leash.eval.sandbox;
