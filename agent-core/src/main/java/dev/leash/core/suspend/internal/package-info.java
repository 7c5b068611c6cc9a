/** JSON encoding of suspended runs; not public API. */
package dev.leash.core.suspend.internal;
