/**
 * Where a tier's shared state lives: in the process by default, or in a store shared by every
 * replica ({@code store.kind: postgres}, module {@code fleet-postgres}), found by {@link
 * java.util.ServiceLoader}.
 */
package dev.leash.tiers.store;
