/**
 * Implementation details of the guards: decoders, text views and value extraction. Not an API.
 */
package dev.leash.tiers.guard.internal;
