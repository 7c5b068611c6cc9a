/**
 * Spring Boot auto-configuration of a Leash tier under a Spring AI application's tools: the
 * configuration from {@code leash.*} properties (the keys of {@code leash.yaml}), the level from
 * {@code leash.safety.level}, the audit sink, the approval gate, the guarded tool callbacks, the
 * tool-calling manager and a {@code ChatClient} customizer that gives every client the guarded
 * tools.
 */
package dev.leash.integration.spring.boot;
