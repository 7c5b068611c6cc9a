/**
 * HTTP tools over {@code java.net.http}: {@code http_get} (READ) and {@code http_post} (WRITE).
 * Every hop, the first and each redirect, is checked: scheme, the host allowlist, and every
 * address the host resolves to must be public (no loopback, private, link-local or metadata,
 * unique-local, CGNAT, multicast, reserved), in whatever spelling the URL uses. Name resolution
 * ({@link dev.leash.tools.http.HostResolver}) and transport ({@link
 * dev.leash.tools.http.HttpTransport}) are pluggable so that a test harness can route requests to
 * a local stub while the guards see the URL as written. Wire with {@link
 * dev.leash.tools.http.HttpToolsModule}.
 */
package dev.leash.tools.http;
