package dev.leash.tools.file;

import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.tools.ToolRefusedException;
import dev.leash.tools.internal.Schemas;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * {@code write_file {path, content}} (WRITE): creates or replaces a text file under the root
 * (UTF-8), creating missing directories. Content above {@link FileToolsConfig#maxWriteBytes()} is
 * refused. The outbound content is the path and the content. Thread-safe.
 */
public final class WriteFileTool extends FileTool {

    private static final ToolSpec SPEC = ToolSpec.of("write_file",
            "Create or replace a text file, relative to the file root.",
            Schemas.object()
                    .required("path", "file relative to the file root")
                    .required("content", "the complete new text of the file")
                    .build(),
            Impact.WRITE)
            .withTargets(java.util.Map.of("path", "path"));

    public WriteFileTool(FileToolsConfig config) {
        super(config);
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public OutboundContent outbound(ToolCall call) {
        return OutboundContent.of(List.of(
                new OutboundContent.Part("argument path", call.text("path").orElse("")),
                new OutboundContent.Part("argument content", call.text("content").orElse(""))));
    }

    @Override
    public ToolResult execute(ToolCall call, ToolContext context) throws Exception {
        String relative = pathOf(call, false);
        byte[] bytes = call.text("content").orElse("").getBytes(StandardCharsets.UTF_8);
        long max = sandbox.config().maxWriteBytes();
        if (bytes.length > max) {
            throw ToolRefusedException.of(SPEC.name(), "file.too-large",
                    "the content has " + bytes.length + " bytes, more than the limit of " + max);
        }
        Path file = sandbox.resolveForWrite(SPEC.name(), relative);
        if (Files.isDirectory(file)) {
            throw ToolRefusedException.of(SPEC.name(), "file.not-a-file", "'" + relative + "' is a directory");
        }
        Files.createDirectories(file.getParent());
        // Re-check after creating directories, and never follow a link at the last step.
        Path checked = sandbox.resolveForWrite(SPEC.name(), relative);
        try (OutputStream out = Files.newOutputStream(checked, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            out.write(bytes);
        }
        return ToolResult.trusted("wrote " + bytes.length + " bytes to " + relative, "file:" + relative);
    }
}
