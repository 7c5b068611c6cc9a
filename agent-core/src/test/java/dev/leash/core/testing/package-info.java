/**
 * Test fixtures shared with the tests of other modules (agent-core's test-jar): a model speaking the
 * OpenAI chat-completions format on WireMock.
 */
package dev.leash.core.testing;
