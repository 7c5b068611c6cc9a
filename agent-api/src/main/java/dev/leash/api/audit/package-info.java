/**
 * Audit: every run start, proposed step, decision, approval, execution, incident and run end is
 * an {@link dev.leash.api.audit.AuditEvent} written to an {@link dev.leash.api.audit.AuditSink}.
 */
package dev.leash.api.audit;
