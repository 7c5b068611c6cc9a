/**
 * Implementation details of the guards: the fold (NFKC, confusable skeletons), the decoders, the
 * substring automaton over all secrets, text views and value extraction. Not an API.
 */
package dev.leash.guards.internal;
