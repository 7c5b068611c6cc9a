/**
 * A Leash tier under the tool calls of another agent framework (langchain4j {@code AiServices},
 * Spring AI {@code ChatClient}): {@link dev.leash.integration.LeashGuard} holds the tier and the
 * runs, {@link dev.leash.integration.GuardedRun} puts each call through the guarded executor,
 * {@link dev.leash.integration.ForeignTool} describes a framework's tool to Leash (impact,
 * targets, trust of its result). No framework types appear here.
 */
package dev.leash.integration;
