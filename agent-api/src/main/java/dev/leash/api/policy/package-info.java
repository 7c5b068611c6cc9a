/**
 * Policies: each proposed call is put to the tier's policy chain, and every decision names the
 * rule that made it.
 */
package dev.leash.api.policy;
