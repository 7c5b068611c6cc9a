/**
 * Tools: what an agent can do, and how much harm each action can cause.
 *
 * <p>Every tool declares an {@link dev.leash.api.tool.Impact}; a tool without one is refused at
 * registration. Arguments are JSON objects validated against the tool's JSON Schema before any
 * policy runs. Results carry {@link dev.leash.api.tool.Provenance}: content from outside the
 * deployment's trust boundary is untrusted.
 */
package dev.leash.api.tool;
