/** Audit sinks kept in memory (tests, the red-team harness). */
package dev.leash.core.audit;
