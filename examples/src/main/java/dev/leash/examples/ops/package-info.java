/**
 * The ops example agent: the file tools over a workspace of logs and configuration, and a custom
 * irreversible {@code restart_service} tool.
 */
package dev.leash.examples.ops;
