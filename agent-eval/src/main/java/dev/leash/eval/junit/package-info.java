/**
 * Red-teaming an agent inside its own test suite: {@link dev.leash.eval.junit.LeashRedTeam} on a
 * test method plays scenario files against the agent's Guice module, one test per scenario and
 * level, each failing with the harm that happened; {@link dev.leash.eval.junit.RedTeamTests} gives
 * the same as dynamic tests for a {@code @TestFactory}.
 */
package dev.leash.eval.junit;
