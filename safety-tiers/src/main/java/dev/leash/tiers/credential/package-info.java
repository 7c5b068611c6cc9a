/**
 * Credentials scoped by impact: the deployment binds its credentials once ({@link
 * dev.leash.tiers.credential.Credentials}); tools see them only through a {@link
 * dev.leash.tiers.credential.ScopedCredentials} view capped at the level's ceiling.
 */
package dev.leash.tiers.credential;
