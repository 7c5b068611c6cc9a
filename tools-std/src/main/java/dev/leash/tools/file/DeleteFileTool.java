package dev.leash.tools.file;

import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.tools.ToolRefusedException;
import dev.leash.tools.internal.Schemas;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code delete_file {path}} (IRREVERSIBLE): deletes a file or an empty directory under the root.
 * A symbolic link is checked by where it leads (inside the root and the paths) and then the link
 * itself is removed, never its target. Thread-safe.
 */
public final class DeleteFileTool extends FileTool {

    private static final ToolSpec SPEC = ToolSpec.of("delete_file",
            "Delete a file (or an empty directory), relative to the file root. Cannot be undone.",
            Schemas.object().required("path", "file relative to the file root").build(), Impact.IRREVERSIBLE)
            .withTargets(java.util.Map.of("path", "path"));

    public DeleteFileTool(FileToolsConfig config) {
        super(config);
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    /** Deleting removes a link at the last segment itself, not what it leads to. */
    @Override
    public List<Target> targets(ToolCall call) {
        return targetsOf(pathOf(call, false), false);
    }

    @Override
    public ToolResult execute(ToolCall call, ToolContext context) throws Exception {
        String relative = pathOf(call, false);
        if (relative.isEmpty()) {
            throw ToolRefusedException.of(SPEC.name(), "file.bad-path", "the file root itself cannot be deleted");
        }
        sandbox.resolveExisting(SPEC.name(), relative, false);
        Path lexical = sandbox.config().root().resolve(relative);
        try {
            Files.delete(lexical);
        } catch (DirectoryNotEmptyException e) {
            throw ToolRefusedException.of(SPEC.name(), "file.directory-not-empty",
                    "'" + relative + "' is a directory that is not empty");
        }
        return ToolResult.trusted("deleted " + relative, "file:" + relative);
    }
}
