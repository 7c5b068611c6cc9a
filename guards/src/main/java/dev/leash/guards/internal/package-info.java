/**
 * Implementation details of the guards: decoders, text views and value extraction. Not an API.
 */
package dev.leash.guards.internal;
