package dev.leash.tools.file;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.Target;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolResult;
import java.util.List;

/** Shared parts of the file tools: the sandbox, the path target, provenance of contents. */
abstract class FileTool implements Tool {

    final Sandbox sandbox;

    FileTool(FileToolsConfig config) {
        this.sandbox = new Sandbox(requireNonNull(config, "config is null"));
    }

    /** The relative path a call names; lexical checks only (no file system access). */
    String pathOf(ToolCall call, boolean directory) {
        return sandbox.check(spec().name(), call.text("path").orElse(null), directory);
    }

    /** The normalised relative path, which the {@code paths} allowlist checks ({@code .} for the root). */
    @Override
    public List<Target> targets(ToolCall call) {
        return List.of(pathTarget(pathOf(call, false)));
    }

    static Target pathTarget(String relative) {
        return Target.path(relative.isEmpty() ? "." : relative);
    }

    ToolResult content(String text, String relative) {
        String source = "file:" + (relative.isEmpty() ? "." : relative);
        return sandbox.config().trusts(relative) ? ToolResult.trusted(text, source) : ToolResult.untrusted(text, source);
    }
}
