/**
 * Implementation details of model planning: the HTTP client that keeps the status and
 * {@code Retry-After} of failed responses, the retry loop, the schema conversion and the
 * conversation builder. Not part of the public API.
 */
package dev.leash.core.model.internal;
