/**
 * Test fixtures other modules reuse through the {@code tools-std} test-jar: {@link
 * dev.leash.tools.testing.EmbeddedPostgresServer}, a real PostgreSQL from Maven Central artifacts.
 */
package dev.leash.tools.testing;
