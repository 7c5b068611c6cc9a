package dev.leash.tools.file;

import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.tools.ToolRefusedException;
import dev.leash.tools.internal.Schemas;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code read_file {path}} (READ): the text of a file under the root, decoded as UTF-8 (bad bytes
 * replaced). Files above {@link FileToolsConfig#maxReadBytes()} are refused. The content is
 * untrusted unless configured otherwise. Thread-safe.
 */
public final class ReadFileTool extends FileTool {

    private static final ToolSpec SPEC = ToolSpec.of("read_file",
            "Read a text file, relative to the file root.",
            Schemas.object().required("path", "file relative to the file root").build(), Impact.READ)
            .withTargets(java.util.Map.of("path", "path"));

    public ReadFileTool(FileToolsConfig config) {
        super(config);
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult execute(ToolCall call, ToolContext context) throws Exception {
        String relative = pathOf(call, false);
        Path file = sandbox.resolveExisting(SPEC.name(), relative, false);
        if (!Files.isRegularFile(file)) {
            throw ToolRefusedException.of(SPEC.name(), "file.not-a-file", "'" + relative + "' is not a regular file");
        }
        long size = Files.size(file);
        long max = sandbox.config().maxReadBytes();
        if (size > max) {
            throw ToolRefusedException.of(SPEC.name(), "file.too-large",
                    "'" + relative + "' has " + size + " bytes, more than the limit of " + max);
        }
        byte[] bytes = Files.readAllBytes(file);
        String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .decode(ByteBuffer.wrap(bytes)).toString();
        return content(text, relative, file);
    }
}
