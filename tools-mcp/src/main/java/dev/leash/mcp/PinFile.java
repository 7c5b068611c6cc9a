package dev.leash.mcp;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The lock file of a deployment's MCP tools ({@code leash.mcp.lock} beside {@code leash.yaml}):
 * for each approved tool, the SHA-256 of its definition (name, description, input schema and
 * annotations) and whether a person reviewed its flags. A tool whose definition no longer has its
 * pinned hash is not offered (a rug pull) until pinned again with {@code leash mcp pin}.
 *
 * <pre>{@code
 * { "version": 1,
 *   "tools": { "fs_read_text_file": { "server": "fs", "tool": "read_text_file",
 *                                     "sha256": "9f2c...", "reviewed": false,
 *                                     "pinned_at": "2026-12-01T20:00:00Z" } } }
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #with} returns a new one and {@link #save} writes it.
 *
 * @param file where it is read from and written to
 * @param pins by the tool's Leash name ({@code <server>_<tool>})
 */
public record PinFile(Path file, Map<String, Pin> pins) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public PinFile {
        requireNonNull(file, "file is null");
        pins = java.util.Collections.unmodifiableMap(new TreeMap<>(pins));
    }

    /**
     * One pinned tool.
     *
     * @param server the server's name in the configuration
     * @param tool the server's name of the tool
     * @param sha256 the hash of its definition ({@link #hash})
     * @param reviewed whether a person accepted its flags ({@code leash mcp pin --accept NAME})
     * @param pinnedAt when
     */
    public record Pin(String server, String tool, String sha256, boolean reviewed, Instant pinnedAt) {
        public Pin {
            requireNonNull(server, "server is null");
            requireNonNull(tool, "tool is null");
            requireNonNull(sha256, "sha256 is null");
            requireNonNull(pinnedAt, "pinnedAt is null");
        }
    }

    /** The lock file at {@code file}; empty when it does not exist. */
    public static PinFile load(Path file) {
        requireNonNull(file, "file is null");
        if (!Files.exists(file)) {
            return new PinFile(file, Map.of());
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw ConfigurationException.unreadable(file.toString(), "not a readable MCP lock file: " + e.getMessage());
        }
        JsonNode tools = root == null ? null : root.get("tools");
        if (tools == null || !tools.isObject() || root.path("version").asInt() != 1) {
            throw ConfigurationException.unreadable(file.toString(), "not an MCP lock file of version 1 (run leash mcp pin to write one)");
        }
        Map<String, Pin> pins = new LinkedHashMap<>();
        tools.fields().forEachRemaining(e -> {
            JsonNode p = e.getValue();
            String sha = p.path("sha256").asText("");
            if (!sha.matches("[0-9a-f]{64}") || p.path("server").asText("").isEmpty() || p.path("tool").asText("").isEmpty()) {
                throw ConfigurationException.invalidValue("tools." + e.getKey(), file.toString(), p.toString(),
                        "{ server, tool, sha256 (64 hex digits), reviewed, pinned_at }");
            }
            Instant at;
            try {
                at = Instant.parse(p.path("pinned_at").asText());
            } catch (RuntimeException ex) {
                throw ConfigurationException.invalidValue("tools." + e.getKey() + ".pinned_at", file.toString(),
                        p.path("pinned_at").asText(), "an ISO-8601 instant");
            }
            pins.put(e.getKey(), new Pin(p.get("server").asText(), p.get("tool").asText(), sha, p.path("reviewed").asBoolean(false), at));
        });
        return new PinFile(file, pins);
    }

    /** The pin of {@code name}, if any. */
    public Optional<Pin> pin(String name) {
        return Optional.ofNullable(pins.get(name));
    }

    /** A copy with {@code name} pinned (replacing any earlier pin). */
    public PinFile with(String name, Pin pin) {
        Map<String, Pin> copy = new LinkedHashMap<>(pins);
        copy.put(requireNonNull(name, "name is null"), requireNonNull(pin, "pin is null"));
        return new PinFile(file, copy);
    }

    /** Writes the file atomically (a temporary file moved into place). */
    public void save() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ObjectNode tools = root.putObject("tools");
        pins.forEach((name, pin) -> {
            ObjectNode p = tools.putObject(name);
            p.put("server", pin.server());
            p.put("tool", pin.tool());
            p.put("sha256", pin.sha256());
            p.put("reviewed", pin.reviewed());
            p.put("pinned_at", pin.pinnedAt().toString());
        });
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".mcp-lock", ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(root) + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw ConfigurationException.unreadable(file.toString(), "cannot write the MCP lock file: " + e);
        }
    }

    /**
     * SHA-256 (hex) of a tool's definition: its name, description, input schema and annotations,
     * as JSON with keys sorted, so that the same definition always has the same hash.
     */
    public static String hash(String name, String description, Object inputSchema, Object annotations) {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("name", name);
        definition.put("description", description == null ? "" : description);
        definition.put("input_schema", inputSchema == null ? Map.of() : CANONICAL.convertValue(inputSchema, Object.class));
        definition.put("annotations", annotations == null ? Map.of() : CANONICAL.convertValue(annotations, Object.class));
        try {
            byte[] bytes = CANONICAL.writeValueAsString(definition).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash the definition of " + name, e);
        }
    }
}
