/**
 * The audit log's line format, its JSON mapping and its checkpoint file. Not an API: use
 * {@link dev.leash.core.audit.JsonlAuditSink}, {@link dev.leash.core.audit.AuditVerifier} and
 * {@link dev.leash.core.audit.IncidentReport}.
 */
package dev.leash.core.audit.internal;
