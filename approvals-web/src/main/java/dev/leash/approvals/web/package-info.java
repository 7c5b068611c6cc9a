/**
 * The web approval console: server-rendered pages on the JDK's HTTP server, where reviewers sign
 * in, see the requests they may decide (risk flags first), read one request's exact call and
 * every reason, and approve or reject it. See {@link dev.leash.approvals.web.ApprovalConsole}.
 */
package dev.leash.approvals.web;
