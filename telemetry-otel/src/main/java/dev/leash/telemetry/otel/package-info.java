/** OpenTelemetry traces and metrics of runs, tool calls and Leash's decisions. */
package dev.leash.telemetry.otel;
