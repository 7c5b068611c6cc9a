/**
 * A Leash tier under Spring AI tool calling: {@link
 * dev.leash.integration.springai.LeashToolCallbacks} turns {@code @Tool} methods (with a Leash
 * impact annotation) or existing {@code ToolCallback}s into guarded callbacks for a {@code
 * ChatClient}, and gives the {@code ToolCallingManager} that routes calls of tools the model was
 * not offered through the tier as well.
 */
package dev.leash.integration.springai;
