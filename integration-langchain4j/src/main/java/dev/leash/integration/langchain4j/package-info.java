/**
 * A Leash tier under a langchain4j {@code AiServices} agent: {@link
 * dev.leash.integration.langchain4j.LeashTools} turns {@code @Tool} methods that also carry a
 * Leash impact annotation into the tool map {@code AiServices.tools(Map)} takes, holding only the
 * tools the tier offers, each executor putting the call through the tier.
 */
package dev.leash.integration.langchain4j;
