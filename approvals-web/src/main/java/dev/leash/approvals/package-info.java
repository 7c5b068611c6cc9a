/**
 * Approvals that wait for people: the durable {@link dev.leash.approvals.ApprovalStore} (an H2
 * file under the work directory by default, PostgreSQL when replicas share one queue), the
 * {@link dev.leash.approvals.StoreGate} that stores a request and lets the run suspend, reviewers
 * with identity ({@link dev.leash.approvals.Reviewer}) and the {@link
 * dev.leash.approvals.ApprovalDesk} through which every answer is given, checked and audited.
 */
package dev.leash.approvals;
