package dev.leash.mcp;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.leash.api.ConfigurationException;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Provenance;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code mcp} block of {@code leash.yaml}: the MCP servers whose tools a deployment imports.
 * Read strictly: an unknown key or a bad value fails with a {@link ConfigurationException} naming
 * the key and the file.
 *
 * <pre>{@code
 * mcp:
 *   servers:
 *     fs:                                   # tools are named fs_<tool>
 *       command: [npx, -y, "@modelcontextprotocol/server-filesystem", /srv/data]   # stdio
 *       env: { LOG_LEVEL: warn }            # added to a minimal inherited environment
 *       root: /srv/data                     # path targets are taken relative to it
 *       timeout: 30s                        # each call (default 30s)
 *       startup_timeout: 20s                # start and handshake (default 20s)
 *       trust_annotations: false            # whether readOnlyHint is believed (default false)
 *       tools:
 *         write_file: { impact: write, targets: { path: path } }
 *         read_text_file: { targets: { path: path }, result_trust: untrusted }
 *     tickets:
 *       url: http://127.0.0.1:3001/mcp      # streamable HTTP
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param servers the servers by name, in file order
 * @param source the file it was read from, if any (the lock file sits beside it)
 */
public record McpConfig(Map<String, Server> servers, Optional<Path> source) {

    /** Keys of {@code mcp}. */
    public static final List<String> MCP_KEYS = List.of("servers");
    /** Keys of a server. */
    public static final List<String> SERVER_KEYS = List.of("command", "url", "env", "root", "timeout",
            "startup_timeout", "trust_annotations", "tools");
    /** Keys of a tool's settings. */
    public static final List<String> TOOL_KEYS = List.of("impact", "targets", "result_trust");

    /** Server names: no underscore, so that {@code <server>_<tool>} names cannot collide across servers. */
    private static final Pattern SERVER_NAME = Pattern.compile("[A-Za-z0-9-]{1,32}");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|min|h)");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DEFAULT_STARTUP = Duration.ofSeconds(20);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public McpConfig {
        servers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(servers, "servers is null")));
        requireNonNull(source, "source is null");
    }

    /** No servers. */
    public static McpConfig none() {
        return new McpConfig(Map.of(), Optional.empty());
    }

    /**
     * One MCP server.
     *
     * @param name the server's name in the configuration: the prefix of its tools' names
     * @param command the program and its arguments, for a server over stdio
     * @param url the endpoint, for a server over streamable HTTP
     * @param env variables added to the server's environment (stdio)
     * @param root the directory its path arguments are relative to, if it takes paths
     * @param timeout how long one call may take
     * @param startupTimeout how long start-up and the MCP handshake may take
     * @param trustAnnotations whether the server's {@code readOnlyHint} is believed
     * @param tools settings per tool, by the server's own tool name
     */
    public record Server(String name, List<String> command, Optional<URI> url, Map<String, String> env,
                         Optional<Path> root, Duration timeout, Duration startupTimeout, boolean trustAnnotations,
                         Map<String, ToolSettings> tools) {
        public Server {
            requireNonNull(name, "name is null");
            command = List.copyOf(command);
            requireNonNull(url, "url is null");
            if (command.isEmpty() == url.isEmpty()) {
                throw new IllegalArgumentException("server " + name + " needs exactly one of command and url");
            }
            env = Map.copyOf(env);
            requireNonNull(root, "root is null");
            requireNonNull(timeout, "timeout is null");
            requireNonNull(startupTimeout, "startupTimeout is null");
            tools = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tools));
        }

        /** The settings of {@code tool} (empty settings when it is not configured). */
        public ToolSettings settings(String tool) {
            return tools.getOrDefault(tool, ToolSettings.NONE);
        }

        /** {@code stdio: npx ...} or {@code http: <url>}. */
        public String describeTransport() {
            return url.map(u -> "http " + u).orElse("stdio " + String.join(" ", command));
        }
    }

    /**
     * What the configuration says of one tool.
     *
     * @param impact the impact, overriding the server's annotations
     * @param targets argument name to target kind ({@link McpTargets#KINDS} or a custom kind such as
     *     {@code payee})
     * @param resultTrust whether its results are trusted (default: untrusted)
     */
    public record ToolSettings(Optional<Impact> impact, Map<String, String> targets,
                               Optional<Provenance.Trust> resultTrust) {
        /** Nothing configured. */
        public static final ToolSettings NONE = new ToolSettings(Optional.empty(), Map.of(), Optional.empty());

        public ToolSettings {
            requireNonNull(impact, "impact is null");
            targets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(targets));
            requireNonNull(resultTrust, "resultTrust is null");
        }
    }

    /** The lock file of this configuration: {@code <name>.mcp.lock} beside the file (or in the working directory). */
    public Path lockFile() {
        Path file = source.orElse(Path.of("leash.yaml")).toAbsolutePath();
        String name = file.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
        return file.resolveSibling(name + ".mcp.lock");
    }

    /**
     * Reads the {@code mcp} block of {@code leash.yaml} (the other blocks are read by the tiers'
     * configuration).
     *
     * @throws ConfigurationException when the file cannot be read or the block is wrong
     */
    public static McpConfig load(Path file) {
        requireNonNull(file, "file is null");
        try {
            return parse(Files.readString(file), file);
        } catch (NoSuchFileException e) {
            throw ConfigurationException.unreadable(file.toString(), "no such file");
        } catch (IOException e) {
            throw ConfigurationException.unreadable(file.toString(), e.toString());
        }
    }

    /** Parses the {@code mcp} block of YAML text; relative roots are resolved against {@code file}'s folder. */
    public static McpConfig parse(String yaml, Path file) {
        requireNonNull(yaml, "yaml is null");
        String source = file == null ? "(text)" : file.toString();
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw ConfigurationException.unreadable(source, "not valid YAML: " + e.getOriginalMessage());
        }
        Optional<Path> sourcePath = Optional.ofNullable(file);
        JsonNode mcp = root == null ? null : root.get("mcp");
        if (mcp == null || mcp.isNull() || mcp.isMissingNode()) {
            return new McpConfig(Map.of(), sourcePath);
        }
        return new Parser(source, file == null ? Path.of("") : file.toAbsolutePath().getParent()).mcp(mcp, sourcePath);
    }

    /** The parser: every error names the full key and the file. */
    private static final class Parser {
        private final String source;
        private final Path base;

        Parser(String source, Path base) {
            this.source = source;
            this.base = base;
        }

        McpConfig mcp(JsonNode node, Optional<Path> file) {
            requireKeys(node, "mcp", MCP_KEYS);
            Map<String, Server> servers = new LinkedHashMap<>();
            JsonNode list = node.get("servers");
            if (list != null && !list.isNull()) {
                if (!list.isObject()) {
                    throw ConfigurationException.invalidValue("mcp.servers", source, describe(list), "a mapping of server names to servers");
                }
                Iterator<Map.Entry<String, JsonNode>> fields = list.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> entry = fields.next();
                    servers.put(entry.getKey(), server(entry.getKey(), entry.getValue()));
                }
            }
            return new McpConfig(servers, file);
        }

        private Server server(String name, JsonNode node) {
            String key = "mcp.servers." + name;
            if (!SERVER_NAME.matcher(name).matches()) {
                throw ConfigurationException.invalidValue(key, source, name,
                        "a server name of letters, digits and '-' (no '_': tools are named <server>_<tool>), at most 32");
            }
            requireKeys(node, key, SERVER_KEYS);
            List<String> command = List.of();
            JsonNode commandNode = node.get("command");
            if (commandNode != null && !commandNode.isNull()) {
                command = textList(commandNode, key + ".command");
                if (command.isEmpty()) {
                    throw ConfigurationException.invalidValue(key + ".command", source, "[]", "the program and its arguments");
                }
            }
            Optional<URI> url = Optional.ofNullable(node.get("url")).filter(n -> !n.isNull()).map(n -> url(n, key + ".url"));
            if (command.isEmpty() == url.isEmpty()) {
                throw ConfigurationException.missing(key, source,
                        "exactly one of command (a server over stdio: [program, args...]) and url (streamable HTTP)");
            }
            Map<String, String> env = new LinkedHashMap<>();
            JsonNode envNode = node.get("env");
            if (envNode != null && !envNode.isNull()) {
                if (!envNode.isObject()) {
                    throw ConfigurationException.invalidValue(key + ".env", source, describe(envNode), "a mapping of variable names to values");
                }
                envNode.fields().forEachRemaining(e -> env.put(e.getKey(), text(e.getValue(), key + ".env." + e.getKey())));
            }
            Optional<Path> root = Optional.ofNullable(node.get("root")).filter(n -> !n.isNull())
                    .map(n -> base.resolve(text(n, key + ".root")).normalize());
            Duration timeout = Optional.ofNullable(node.get("timeout")).filter(n -> !n.isNull())
                    .map(n -> duration(n, key + ".timeout")).orElse(DEFAULT_TIMEOUT);
            Duration startup = Optional.ofNullable(node.get("startup_timeout")).filter(n -> !n.isNull())
                    .map(n -> duration(n, key + ".startup_timeout")).orElse(DEFAULT_STARTUP);
            boolean trust = false;
            JsonNode trustNode = node.get("trust_annotations");
            if (trustNode != null && !trustNode.isNull()) {
                if (!trustNode.isBoolean()) {
                    throw ConfigurationException.invalidValue(key + ".trust_annotations", source, describe(trustNode), "true or false");
                }
                trust = trustNode.asBoolean();
            }
            Map<String, ToolSettings> tools = new LinkedHashMap<>();
            JsonNode toolsNode = node.get("tools");
            if (toolsNode != null && !toolsNode.isNull()) {
                if (!toolsNode.isObject()) {
                    throw ConfigurationException.invalidValue(key + ".tools", source, describe(toolsNode), "a mapping of the server's tool names to settings");
                }
                toolsNode.fields().forEachRemaining(e -> tools.put(e.getKey(), tool(e.getValue(), key + ".tools." + e.getKey())));
            }
            return new Server(name, command, url, env, root, timeout, startup, trust, tools);
        }

        private ToolSettings tool(JsonNode node, String key) {
            requireKeys(node, key, TOOL_KEYS);
            Optional<Impact> impact = Optional.ofNullable(node.get("impact")).filter(n -> !n.isNull()).map(n -> {
                String text = text(n, key + ".impact");
                for (Impact i : Impact.values()) {
                    if (i.label().equals(text.toLowerCase(Locale.ROOT))) {
                        return i;
                    }
                }
                throw ConfigurationException.invalidValue(key + ".impact", source, text, "one of read, write, irreversible");
            });
            Map<String, String> targets = new LinkedHashMap<>();
            JsonNode targetsNode = node.get("targets");
            if (targetsNode != null && !targetsNode.isNull()) {
                if (!targetsNode.isObject()) {
                    throw ConfigurationException.invalidValue(key + ".targets", source, describe(targetsNode),
                            "a mapping of argument names to target kinds, e.g. { to: email }");
                }
                targetsNode.fields().forEachRemaining(e -> {
                    String kind = text(e.getValue(), key + ".targets." + e.getKey()).toLowerCase(Locale.ROOT);
                    try {
                        McpTargets.checkKind(kind);
                    } catch (IllegalArgumentException bad) {
                        throw ConfigurationException.invalidValue(key + ".targets." + e.getKey(), source, kind,
                                "one of " + String.join(", ", McpTargets.KINDS)
                                        + ", or a kind of your own such as payee ([a-z][a-z0-9_]*, checked against safety.allow.targets.<kind>)");
                    }
                    targets.put(e.getKey(), kind);
                });
            }
            Optional<Provenance.Trust> trust = Optional.ofNullable(node.get("result_trust")).filter(n -> !n.isNull()).map(n -> {
                String text = text(n, key + ".result_trust").toLowerCase(Locale.ROOT);
                switch (text) {
                    case "trusted":
                        return Provenance.Trust.TRUSTED;
                    case "untrusted":
                        return Provenance.Trust.UNTRUSTED;
                    default:
                        throw ConfigurationException.invalidValue(key + ".result_trust", source, text, "trusted or untrusted");
                }
            });
            return new ToolSettings(impact, targets, trust);
        }

        private void requireKeys(JsonNode node, String key, List<String> allowed) {
            if (!node.isObject()) {
                throw ConfigurationException.invalidValue(key, source, describe(node), "a mapping with keys " + String.join(", ", allowed));
            }
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    throw ConfigurationException.unknownKey(key + "." + name, source, allowed);
                }
            }
        }

        private String text(JsonNode node, String key) {
            if (!node.isValueNode() || node.asText().isBlank()) {
                throw ConfigurationException.invalidValue(key, source, describe(node), "a non-empty text value");
            }
            return node.asText().trim();
        }

        private List<String> textList(JsonNode node, String key) {
            if (!node.isArray()) {
                throw ConfigurationException.invalidValue(key, source, describe(node), "a list such as [npx, -y, package, arg]");
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                values.add(text(node.get(i), key + "[" + i + "]"));
            }
            return values;
        }

        private URI url(JsonNode node, String key) {
            String text = text(node, key);
            try {
                URI uri = new URI(text);
                if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                    throw new URISyntaxException(text, "not an http(s) URL with a host");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw ConfigurationException.invalidValue(key, source, text, "an http or https URL such as http://127.0.0.1:3001/mcp");
            }
        }

        private Duration duration(JsonNode node, String key) {
            if (node.isIntegralNumber() && node.asLong() > 0) {
                return Duration.ofSeconds(node.asLong());
            }
            Matcher m = DURATION.matcher(node.asText().trim().toLowerCase(Locale.ROOT));
            if (node.isTextual() && m.matches() && Long.parseLong(m.group(1)) > 0) {
                long n = Long.parseLong(m.group(1));
                switch (m.group(2)) {
                    case "ms":
                        return Duration.ofMillis(n);
                    case "s":
                        return Duration.ofSeconds(n);
                    case "h":
                        return Duration.ofHours(n);
                    default:
                        return Duration.ofMinutes(n);
                }
            }
            throw ConfigurationException.invalidValue(key, source, describe(node), "a positive duration such as 500ms, 30s or 2m");
        }

        private static String describe(JsonNode node) {
            return node.isValueNode() ? node.asText() : node.isArray() ? "a list" : "a mapping";
        }
    }
}
