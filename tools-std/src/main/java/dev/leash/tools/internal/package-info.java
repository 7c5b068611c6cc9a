/** Helpers shared by the standard tools; not part of the public API. */
package dev.leash.tools.internal;
