package dev.leash.tools.file;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.Target;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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

    /**
     * The normalised relative path, which the {@code paths} allowlist checks ({@code .} for the
     * root), and, when symbolic links on the way lead elsewhere inside the root, where it really
     * leads: the allowlist must admit both. Reads links only; a link leading out of the root
     * refuses the call.
     */
    @Override
    public List<Target> targets(ToolCall call) {
        return targetsOf(pathOf(call, false), true);
    }

    /** The path's targets; {@code followLast}: whether the tool follows a link at the last segment. */
    List<Target> targetsOf(String relative, boolean followLast) {
        Optional<String> real = sandbox.realRelative(spec().name(), relative, followLast);
        return real.isEmpty() ? List.of(pathTarget(relative)) : List.of(pathTarget(relative), Target.path(real.get()));
    }

    static Target pathTarget(String relative) {
        return Target.path(relative.isEmpty() ? "." : relative);
    }

    /**
     * The content of {@code relative}, read from {@code real}: trusted only when both the path as
     * named and the path it really leads to are trusted, so a link under a trusted path does not
     * lend its trust to a file elsewhere.
     */
    ToolResult content(String text, String relative, Path real) throws IOException {
        String source = "file:" + (relative.isEmpty() ? "." : relative);
        boolean trusted = sandbox.config().trusts(relative) && sandbox.config().trusts(sandbox.relativeOf(real));
        return trusted ? ToolResult.trusted(text, source) : ToolResult.untrusted(text, source);
    }
}
