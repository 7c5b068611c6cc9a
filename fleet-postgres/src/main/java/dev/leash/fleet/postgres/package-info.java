/**
 * State shared by every replica of a deployment on one PostgreSQL database: budgets and rates
 * ({@link dev.leash.fleet.postgres.PostgresLimiter}), the kill switch ({@link
 * dev.leash.fleet.postgres.KillSwitch}), opened from {@code store: {kind: postgres}} by {@link
 * dev.leash.fleet.postgres.PostgresStore}.
 */
package dev.leash.fleet.postgres;
