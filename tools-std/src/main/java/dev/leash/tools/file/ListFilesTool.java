package dev.leash.tools.file;

import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.tools.ToolRefusedException;
import dev.leash.tools.internal.Schemas;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code list_files {path}} (READ): the entries of a directory under the root that are inside the
 * configured paths, one a line, directories ending in {@code /}, sorted. Thread-safe.
 */
public final class ListFilesTool extends FileTool {

    private static final ToolSpec SPEC = ToolSpec.of("list_files",
            "List the files in a directory, relative to the file root ('' or '.' for the root).",
            Schemas.object().required("path", "directory relative to the file root").build(), Impact.READ)
            .withTargets(java.util.Map.of("path", "path"));

    public ListFilesTool(FileToolsConfig config) {
        super(config);
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public List<Target> targets(ToolCall call) {
        return targetsOf(pathOf(call, true), true);
    }

    @Override
    public ToolResult execute(ToolCall call, ToolContext context) throws Exception {
        String relative = pathOf(call, true);
        Path dir = sandbox.resolveExisting(SPEC.name(), relative, true);
        if (!Files.isDirectory(dir)) {
            throw ToolRefusedException.of(SPEC.name(), "file.not-a-directory", "'" + relative + "' is not a directory");
        }
        List<String> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path entry : stream) {
                String name = (relative.isEmpty() ? "" : relative + "/") + entry.getFileName();
                boolean directory = Files.isDirectory(entry);
                if (sandbox.inGlobs(name, directory)) {
                    entries.add(name + (directory ? "/" : ""));
                }
            }
        }
        entries.sort(null);
        int max = sandbox.config().maxListEntries();
        StringBuilder out = new StringBuilder();
        entries.stream().limit(max).forEach(e -> out.append(e).append('\n'));
        if (entries.size() > max) {
            out.append("... ").append(entries.size() - max).append(" more entries not shown\n");
        }
        if (entries.isEmpty()) {
            out.append("(no files)\n");
        }
        return content(out.toString(), relative, dir);
    }
}
