/** JSON encoding of stored requests; not public API. */
package dev.leash.approvals.internal;
