/**
 * The audit log: {@link dev.leash.core.audit.JsonlAuditSink} writes a hash-chained JSON Lines file
 * with a checkpoint beside it, durable before any WRITE or IRREVERSIBLE call runs (group commit);
 * {@link dev.leash.core.audit.AuditVerifier} finds the first edited, deleted, reordered, inserted
 * or truncated record; {@link dev.leash.core.audit.IncidentReport} summarises denials, approvals,
 * incidents and terminations per run; {@link dev.leash.core.audit.SecretMasker} masks secrets
 * before they are written. {@link dev.leash.core.audit.InMemoryAuditSink} keeps events in memory
 * (tests, the red-team harness).
 */
package dev.leash.core.audit;
