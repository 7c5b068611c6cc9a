/** Implementation of the integrations' shared runtime; not an API. */
package dev.leash.integration.internal;
