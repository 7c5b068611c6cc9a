/**
 * The Leash SPI: the types that tools, planners, tiers and audit sinks share.
 *
 * <p>This module depends on Jackson only (tool arguments are JSON). It carries no Guice,
 * langchain4j, resilience4j or bucket4j types; the build enforces that.
 *
 * <p>Value types are immutable records, safe to share between threads. Interfaces state their
 * own thread-safety requirements.
 */
package dev.leash.api;
