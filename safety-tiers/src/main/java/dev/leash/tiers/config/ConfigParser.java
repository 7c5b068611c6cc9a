package dev.leash.tiers.config;

import static dev.leash.tiers.config.ConfigReader.child;
import static dev.leash.tiers.config.ConfigReader.key;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.api.ConfigurationException;
import dev.leash.api.SafetyLevel;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns parsed YAML trees into config records; every error names the key and the file. */
final class ConfigParser {

    /** {@code mcp} is read by module tools-mcp ({@code McpConfig}); here it is only accepted. */
    static final List<String> TOP_KEYS = List.of("safety", "model", "backends", "mcp", "store");
    static final List<String> STORE_KEYS = List.of("kind", "url", "user_env", "password_env", "agent", "refresh");
    static final List<String> BACKENDS_KEYS = List.of("mail", "files", "database");
    static final List<String> MAIL_KEYS = List.of("imap", "smtp", "address");
    static final List<String> SERVER_KEYS = List.of("host", "port", "security");
    static final List<String> FILES_KEYS = List.of("root");
    static final List<String> DATABASE_KEYS = List.of("url");
    static final List<String> SAFETY_KEYS = List.of("level", "allow", "tools", "approvals", "persistence", "secrets",
            "sensitive", "trusted");
    static final List<String> ALLOW_KEYS = List.of("email_domains", "http_hosts", "paths", "tables", "targets");
    static final List<String> TRUSTED_KEYS = List.of("http_hosts", "paths", "tables", "tainted_stores");
    static final List<String> TOOL_KEYS = List.of("rate", "budget");
    static final List<String> ARGUMENT_BUDGET_KEYS = List.of("argument", "max", "per");
    static final List<String> APPROVALS_KEYS = List.of("gate", "url", "timeout", "expires", "store", "console_url",
            "reviewers");
    static final List<String> APPROVALS_STORE_KEYS = List.of("url", "user", "password_env");
    static final List<String> REVIEWER_KEYS = List.of("name", "password_hash", "token_env", "principals", "agents");
    static final List<String> PERSISTENCE_KEYS = List.of("max_denials");
    static final List<String> SECRETS_KEYS = List.of("env", "values");
    static final List<String> SENSITIVE_KEYS = List.of("paths", "tables");
    static final List<String> MODEL_KEYS = List.of("provider", "base_url", "api_key", "name", "timeout",
            "max_tokens_per_run");

    private static final Pattern CALL_BUDGET = Pattern.compile("\\s*(\\d{1,18})\\s*/\\s*([A-Za-z]+)\\s*");
    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final ConfigReader reader;

    ConfigParser(String source) {
        this.reader = new ConfigReader(source);
    }

    LeashConfig leash(JsonNode root) {
        if (root == null || root.isNull() || root.isMissingNode()) {
            return new LeashConfig(SafetyConfig.defaults(), ModelConfig.none(), BackendsConfig.none(),
                    Optional.ofNullable(reader.source()));
        }
        reader.requireKeys(root, "", TOP_KEYS);
        SafetyConfig safety = child(root, "safety").map(n -> safety(n, "safety", true)).orElse(SafetyConfig.defaults());
        ModelConfig model = child(root, "model").map(n -> model(n, "model")).orElse(ModelConfig.none());
        BackendsConfig backends = child(root, "backends").map(n -> backends(n, "backends")).orElse(BackendsConfig.none());
        StoreConfig store = child(root, "store").map(n -> store(n, "store")).orElse(StoreConfig.inProcess());
        return new LeashConfig(safety, model, backends, store, Optional.ofNullable(reader.source()));
    }

    private StoreConfig store(JsonNode node, String prefix) {
        reader.requireKeys(node, prefix, STORE_KEYS);
        String kind = child(node, "kind").map(n -> reader.text(n, key(prefix, "kind")).toLowerCase(Locale.ROOT))
                .orElse(StoreConfig.IN_PROCESS);
        if (!StoreConfig.KINDS.contains(kind)) {
            throw ConfigurationException.invalidValue(key(prefix, "kind"), reader.source(), kind,
                    "one of " + String.join(", ", StoreConfig.KINDS));
        }
        Optional<String> url = child(node, "url").map(n -> reader.text(n, key(prefix, "url")));
        if (!kind.equals(StoreConfig.IN_PROCESS) && url.isEmpty()) {
            throw ConfigurationException.missing(key(prefix, "url"), reader.source(),
                    "a store of kind " + kind + " needs a JDBC URL, e.g. jdbc:postgresql://db.example.com/leash");
        }
        return new StoreConfig(kind, url,
                child(node, "user_env").map(n -> reader.text(n, key(prefix, "user_env"))),
                child(node, "password_env").map(n -> reader.text(n, key(prefix, "password_env"))),
                child(node, "agent").map(n -> reader.text(n, key(prefix, "agent"))).orElse(StoreConfig.DEFAULT_AGENT),
                child(node, "refresh").map(n -> reader.duration(n, key(prefix, "refresh"))).orElse(StoreConfig.DEFAULT_REFRESH));
    }

    private BackendsConfig backends(JsonNode node, String prefix) {
        reader.requireKeys(node, prefix, BACKENDS_KEYS);
        Optional<BackendsConfig.Mail> mail = child(node, "mail").map(n -> {
            String key = key(prefix, "mail");
            reader.requireKeys(n, key, MAIL_KEYS);
            BackendsConfig.Server imap = server(child(n, "imap").orElseThrow(() -> ConfigurationException.missing(
                    key(key, "imap"), reader.source(), "the IMAP server: { host: ..., port: 993, security: tls }")), key(key, "imap"));
            BackendsConfig.Server smtp = server(child(n, "smtp").orElseThrow(() -> ConfigurationException.missing(
                    key(key, "smtp"), reader.source(), "the SMTP server: { host: ..., port: 587, security: starttls }")), key(key, "smtp"));
            Optional<String> address = child(n, "address").map(a -> {
                String text = reader.text(a, key(key, "address"));
                if (!text.matches("[^@\\s<>]+@[A-Za-z0-9.\\-]+")) {
                    throw ConfigurationException.invalidValue(key(key, "address"), reader.source(), text, "an address such as alex@example.com");
                }
                return text;
            });
            return new BackendsConfig.Mail(imap, smtp, address);
        });
        Optional<java.nio.file.Path> root = child(node, "files").map(n -> {
            String key = key(prefix, "files");
            reader.requireKeys(n, key, FILES_KEYS);
            String text = reader.text(child(n, "root").orElseThrow(() -> ConfigurationException.missing(key(key, "root"),
                    reader.source(), "the directory the file tools are confined to")), key(key, "root"));
            try {
                return java.nio.file.Path.of(text);
            } catch (java.nio.file.InvalidPathException e) {
                throw ConfigurationException.invalidValue(key(key, "root"), reader.source(), text, "a directory path");
            }
        });
        Optional<String> url = child(node, "database").map(n -> {
            String key = key(prefix, "database");
            reader.requireKeys(n, key, DATABASE_KEYS);
            String text = reader.text(child(n, "url").orElseThrow(() -> ConfigurationException.missing(key(key, "url"),
                    reader.source(), "the JDBC URL, e.g. jdbc:postgresql://db.example.com/shop")), key(key, "url"));
            if (!text.startsWith("jdbc:")) {
                throw ConfigurationException.invalidValue(key(key, "url"), reader.source(), text, "a JDBC URL starting with 'jdbc:'");
            }
            return text;
        });
        return new BackendsConfig(mail, root, url);
    }

    private BackendsConfig.Server server(JsonNode node, String prefix) {
        reader.requireKeys(node, prefix, SERVER_KEYS);
        String host = reader.text(child(node, "host").orElseThrow(() -> ConfigurationException.missing(key(prefix, "host"),
                reader.source(), "the server's host name")), key(prefix, "host"));
        JsonNode portNode = child(node, "port").orElseThrow(() -> ConfigurationException.missing(key(prefix, "port"),
                reader.source(), "the server's port"));
        int port = reader.positiveInt(portNode, key(prefix, "port"));
        if (port > 65535) {
            throw ConfigurationException.invalidValue(key(prefix, "port"), reader.source(), port, "a port between 1 and 65535");
        }
        String security = child(node, "security").map(n -> reader.text(n, key(prefix, "security")).toLowerCase(Locale.ROOT))
                .orElse("tls");
        if (!BackendsConfig.SECURITY.contains(security)) {
            throw ConfigurationException.invalidValue(key(prefix, "security"), reader.source(), security,
                    "one of " + String.join(", ", BackendsConfig.SECURITY));
        }
        return new BackendsConfig.Server(host, port, security);
    }

    SafetyConfig safety(JsonNode node, String prefix, boolean levelAllowed) {
        List<String> keys = levelAllowed ? SAFETY_KEYS : SAFETY_KEYS.subList(1, SAFETY_KEYS.size());
        reader.requireKeys(node, prefix, keys);
        Optional<SafetyLevel> level = child(node, "level").map(n -> {
            if (!n.isValueNode()) {
                throw ConfigurationException.invalidValue(key(prefix, "level"), reader.source(), ConfigReader.describe(n),
                        "one of the safety levels " + String.join(", ", SafetyLevel.validValues()));
            }
            return SafetyLevel.parse(n.asText(), reader.source());
        });
        AllowConfig allow = child(node, "allow").map(n -> allow(n, key(prefix, "allow"))).orElse(AllowConfig.defaults());
        Map<String, ToolLimits> tools = child(node, "tools").map(n -> tools(n, key(prefix, "tools"))).orElse(Map.of());
        ApprovalsConfig approvals = child(node, "approvals").map(n -> approvals(n, key(prefix, "approvals")))
                .orElse(ApprovalsConfig.defaults());
        OptionalInt maxDenials = child(node, "persistence").map(n -> {
            String key = key(prefix, "persistence");
            reader.requireKeys(n, key, PERSISTENCE_KEYS);
            return child(n, "max_denials").map(m -> OptionalInt.of(reader.positiveInt(m, key(key, "max_denials"))))
                    .orElse(OptionalInt.empty());
        }).orElse(OptionalInt.empty());
        SecretsConfig secrets = child(node, "secrets").map(n -> {
            String key = key(prefix, "secrets");
            reader.requireKeys(n, key, SECRETS_KEYS);
            return new SecretsConfig(
                    child(n, "env").map(e -> reader.textList(e, key(key, "env"))).orElse(List.of()),
                    child(n, "values").map(v -> reader.textList(v, key(key, "values"))).orElse(List.of()));
        }).orElse(SecretsConfig.none());
        SensitiveConfig sensitive = child(node, "sensitive").map(n -> {
            String key = key(prefix, "sensitive");
            reader.requireKeys(n, key, SENSITIVE_KEYS);
            return new SensitiveConfig(
                    child(n, "paths").map(e -> reader.textList(e, key(key, "paths"))).orElse(List.of()),
                    child(n, "tables").map(v -> reader.textList(v, key(key, "tables"))).orElse(List.of()));
        }).orElse(SensitiveConfig.none());
        TrustedConfig trusted = child(node, "trusted").map(n -> trusted(n, key(prefix, "trusted")))
                .orElse(TrustedConfig.none());
        return new SafetyConfig(level, allow, tools, approvals, maxDenials, secrets, sensitive, trusted);
    }

    private TrustedConfig trusted(JsonNode node, String prefix) {
        reader.requireKeys(node, prefix, TRUSTED_KEYS);
        List<String> hosts = child(node, "http_hosts").map(n -> lower(reader.textList(n, key(prefix, "http_hosts"))))
                .orElse(List.of());
        checkHosts(hosts, key(prefix, "http_hosts"));
        List<String> paths = child(node, "paths").map(n -> reader.textList(n, key(prefix, "paths"))).orElse(List.of());
        checkGlobs(paths, key(prefix, "paths"));
        List<String> tables = child(node, "tables").map(n -> reader.textList(n, key(prefix, "tables"))).orElse(List.of());
        Optional<java.nio.file.Path> taintedStores = child(node, "tainted_stores").map(n -> {
            String text = reader.text(n, key(prefix, "tainted_stores"));
            try {
                return java.nio.file.Path.of(text);
            } catch (java.nio.file.InvalidPathException e) {
                throw ConfigurationException.invalidValue(key(prefix, "tainted_stores"), reader.source(), text, "a file path");
            }
        });
        return new TrustedConfig(hosts, paths, tables, taintedStores);
    }

    private void checkHosts(List<String> hosts, String key) {
        for (int i = 0; i < hosts.size(); i++) {
            if (hosts.get(i).contains("/") || hosts.get(i).contains("@")) {
                throw ConfigurationException.invalidValue(key + "[" + i + "]", reader.source(),
                        hosts.get(i), "a host name such as api.example.com (no scheme, no path)");
            }
        }
    }

    private void checkGlobs(List<String> globs, String key) {
        for (int i = 0; i < globs.size(); i++) {
            String glob = globs.get(i);
            boolean valid = !(glob.startsWith("/") || glob.contains("..") || glob.contains("\\"));
            if (valid) {
                try {
                    java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + glob);
                } catch (IllegalArgumentException e) {
                    valid = false;
                }
            }
            if (!valid) {
                throw ConfigurationException.invalidValue(key + "[" + i + "]", reader.source(), glob,
                        "a glob relative to the file root, such as workspace/** (no leading '/', no '..')");
            }
        }
    }

    private Map<String, List<String>> targets(JsonNode node, String prefix) {
        if (!node.isObject()) {
            throw ConfigurationException.invalidValue(prefix, reader.source(), ConfigReader.describe(node),
                    "a mapping of target kinds to lists, e.g. { payee: [DE89370400440532013000], channel: [\"#ops\"] }");
        }
        Map<String, List<String>> targets = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String kind = field.getKey();
            String key = key(prefix, kind);
            if (!kind.matches("[a-z][a-z0-9_]*") || kind.equals("url")) {
                throw ConfigurationException.invalidValue(key, reader.source(), kind,
                        "a lower-case target kind such as payee or channel");
            }
            if (dev.leash.api.tool.Target.Kind.of(kind).isBuiltIn()) {
                throw ConfigurationException.invalidValue(key, reader.source(), kind, "a custom target kind; the "
                        + "built-in kinds have lists of their own: email_domains, http_hosts, paths, tables");
            }
            targets.put(kind, reader.textList(field.getValue(), key));
        }
        return targets;
    }

    private AllowConfig allow(JsonNode node, String prefix) {
        reader.requireKeys(node, prefix, ALLOW_KEYS);
        List<String> domains = child(node, "email_domains")
                .map(n -> lower(reader.textList(n, key(prefix, "email_domains")))).orElse(List.of());
        for (int i = 0; i < domains.size(); i++) {
            if (domains.get(i).contains("@") || domains.get(i).contains("/")) {
                throw ConfigurationException.invalidValue(key(prefix, "email_domains") + "[" + i + "]", reader.source(),
                        domains.get(i), "a domain such as example.com (no '@', no '/')");
            }
        }
        List<String> hosts = child(node, "http_hosts")
                .map(n -> lower(reader.textList(n, key(prefix, "http_hosts")))).orElse(List.of());
        for (int i = 0; i < hosts.size(); i++) {
            if (hosts.get(i).contains("/") || hosts.get(i).contains("@")) {
                throw ConfigurationException.invalidValue(key(prefix, "http_hosts") + "[" + i + "]", reader.source(),
                        hosts.get(i), "a host name such as api.example.com (no scheme, no path)");
            }
        }
        Optional<List<String>> paths = child(node, "paths").map(n -> reader.textList(n, key(prefix, "paths")));
        paths.ifPresent(globs -> {
            for (int i = 0; i < globs.size(); i++) {
                String glob = globs.get(i);
                if (glob.startsWith("/") || glob.contains("..") || glob.contains("\\")) {
                    throw ConfigurationException.invalidValue(key(prefix, "paths") + "[" + i + "]", reader.source(), glob,
                            "a glob relative to the file root, such as workspace/** (no leading '/', no '..')");
                }
            }
        });
        Optional<List<String>> tables = child(node, "tables").map(n -> reader.textList(n, key(prefix, "tables")));
        Map<String, List<String>> targets = child(node, "targets").map(n -> targets(n, key(prefix, "targets")))
                .orElse(Map.of());
        return new AllowConfig(domains, hosts, paths, tables, targets);
    }

    private static List<String> lower(List<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    }

    private Map<String, ToolLimits> tools(JsonNode node, String prefix) {
        if (!node.isObject()) {
            throw ConfigurationException.invalidValue(prefix, reader.source(), ConfigReader.describe(node),
                    "a mapping of tool names to { rate, budget }");
        }
        Map<String, ToolLimits> tools = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = key(prefix, field.getKey());
            if (!TOOL_NAME.matcher(field.getKey()).matches()) {
                throw ConfigurationException.invalidValue(key, reader.source(), field.getKey(),
                        "a tool name of 1 to 64 letters, digits, '_' or '-'");
            }
            JsonNode limits = field.getValue();
            if (limits == null || limits.isNull()) {
                tools.put(field.getKey(), ToolLimits.none());
                continue;
            }
            reader.requireKeys(limits, key, TOOL_KEYS);
            Optional<Rate> rate = child(limits, "rate").map(r -> {
                if (!r.isTextual()) {
                    throw ConfigurationException.invalidValue(key(key, "rate"), reader.source(), ConfigReader.describe(r),
                            "a rate such as \"5/min\" (N per s, min, h or day)");
                }
                return Rate.parse(r.asText(), key(key, "rate"), reader.source());
            });
            Optional<Budget> budget = child(limits, "budget").map(b -> budget(b, key(key, "budget")));
            tools.put(field.getKey(), new ToolLimits(rate, budget));
        }
        return tools;
    }

    private Budget budget(JsonNode node, String key) {
        if (node.isTextual()) {
            Matcher m = CALL_BUDGET.matcher(node.asText());
            if (m.matches()) {
                long max = Long.parseLong(m.group(1));
                Optional<BudgetWindow> per = BudgetWindow.parse(m.group(2));
                if (max > 0 && per.isPresent()) {
                    return new Budget.Calls(max, per.get());
                }
            }
            throw ConfigurationException.invalidValue(key, reader.source(), node.asText(),
                    "a call budget such as \"20/day\" (N per run, min, h, day or week), "
                            + "or { argument: NAME, max: N, per: day }");
        }
        reader.requireKeys(node, key, ARGUMENT_BUDGET_KEYS);
        String argument = child(node, "argument").map(a -> reader.text(a, key(key, "argument")))
                .orElseThrow(() -> ConfigurationException.missing(key(key, "argument"), reader.source(),
                        "name the numeric argument the budget counts, e.g. argument: amount"));
        JsonNode maxNode = child(node, "max").orElseThrow(() -> ConfigurationException.missing(key(key, "max"),
                reader.source(), "give the most the argument may sum to, e.g. max: 500"));
        JsonNode perNode = child(node, "per").orElseThrow(() -> ConfigurationException.missing(key(key, "per"),
                reader.source(), "give the window, e.g. per: day (or per: run)"));
        BudgetWindow per = (perNode.isTextual() ? BudgetWindow.parse(perNode.asText()) : Optional.<BudgetWindow>empty())
                .orElseThrow(() -> ConfigurationException.invalidValue(key(key, "per"), reader.source(),
                        ConfigReader.describe(perNode), "one of run, min, h, day, week"));
        return new Budget.ArgumentSum(argument, reader.positiveDecimal(maxNode, key(key, "max")), per);
    }

    private ApprovalsConfig approvals(JsonNode node, String prefix) {
        reader.requireKeys(node, prefix, APPROVALS_KEYS);
        ApprovalsConfig.Gate gate = child(node, "gate").map(g -> {
            String text = g.isValueNode() ? g.asText().trim() : "";
            for (ApprovalsConfig.Gate candidate : ApprovalsConfig.Gate.values()) {
                if (candidate.label().equalsIgnoreCase(text)) {
                    return candidate;
                }
            }
            throw ConfigurationException.invalidValue(key(prefix, "gate"), reader.source(), ConfigReader.describe(g),
                    "one of console, webhook, deny, store");
        }).orElse(ApprovalsConfig.Gate.DENY);
        Optional<URI> url = child(node, "url").map(u -> url(u, key(prefix, "url")));
        if (gate == ApprovalsConfig.Gate.WEBHOOK && url.isEmpty()) {
            throw ConfigurationException.missing(key(prefix, "url"), reader.source(),
                    "the webhook gate needs the reviewer's url, e.g. url: https://review.example.com/leash");
        }
        java.time.Duration timeout = child(node, "timeout").map(t -> reader.duration(t, key(prefix, "timeout")))
                .orElse(ApprovalsConfig.DEFAULT_TIMEOUT);
        java.time.Duration expires = child(node, "expires").map(t -> reader.duration(t, key(prefix, "expires")))
                .orElse(ApprovalsConfig.DEFAULT_EXPIRES);
        Optional<String> storeUrl = Optional.empty();
        Optional<String> storeUser = Optional.empty();
        Optional<String> storePassword = Optional.empty();
        Optional<JsonNode> storeNode = child(node, "store");
        if (storeNode.isPresent()) {
            String sk = key(prefix, "store");
            reader.requireKeys(storeNode.get(), sk, APPROVALS_STORE_KEYS);
            storeUrl = child(storeNode.get(), "url").map(u -> reader.text(u, key(sk, "url")));
            if (storeUrl.isPresent() && !storeUrl.get().startsWith("jdbc:")) {
                throw ConfigurationException.invalidValue(key(sk, "url"), reader.source(), storeUrl.get(),
                        "a JDBC URL, e.g. jdbc:postgresql://db.example.com/leash");
            }
            storeUser = child(storeNode.get(), "user").map(u -> reader.text(u, key(sk, "user")));
            storePassword = child(storeNode.get(), "password_env").map(u -> reader.text(u, key(sk, "password_env")));
        }
        Optional<URI> console = child(node, "console_url").map(u -> url(u, key(prefix, "console_url")));
        List<ApprovalsConfig.ReviewerConfig> reviewers = new java.util.ArrayList<>();
        Optional<JsonNode> reviewerNodes = child(node, "reviewers");
        if (reviewerNodes.isPresent()) {
            String rk = key(prefix, "reviewers");
            if (!reviewerNodes.get().isArray()) {
                throw ConfigurationException.invalidValue(rk, reader.source(), ConfigReader.describe(reviewerNodes.get()),
                        "a list of reviewers, each { name, password_hash or token_env, principals, agents }");
            }
            for (int i = 0; i < reviewerNodes.get().size(); i++) {
                JsonNode r = reviewerNodes.get().get(i);
                String k = rk + "[" + i + "]";
                reader.requireKeys(r, k, REVIEWER_KEYS);
                String name = reader.text(child(r, "name").orElseThrow(() -> ConfigurationException.missing(key(k, "name"),
                        reader.source(), "each reviewer needs a name")), key(k, "name"));
                Optional<String> hash = child(r, "password_hash").map(h -> reader.text(h, key(k, "password_hash")));
                Optional<String> tokenEnv = child(r, "token_env").map(h -> reader.text(h, key(k, "token_env")));
                if (hash.isPresent() == tokenEnv.isPresent()) {
                    throw ConfigurationException.missing(key(k, "password_hash"), reader.source(),
                            "reviewer " + name + " needs exactly one of password_hash and token_env");
                }
                if (hash.isPresent() && !hash.get().startsWith("pbkdf2-sha256$")) {
                    throw ConfigurationException.invalidValue(key(k, "password_hash"), reader.source(), "(hidden)",
                            "a pbkdf2-sha256$... hash made by 'leash approvals hash-password'");
                }
                reviewers.add(new ApprovalsConfig.ReviewerConfig(name, hash, tokenEnv,
                        child(r, "principals").map(p -> reader.textList(p, key(k, "principals"))).orElse(List.of()),
                        child(r, "agents").map(p -> reader.textList(p, key(k, "agents"))).orElse(List.of())));
            }
        }
        return new ApprovalsConfig(gate, url, timeout, expires, storeUrl, storeUser, storePassword, console, reviewers);
    }

    private URI url(JsonNode node, String key) {
        String text = reader.text(node, key);
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw ConfigurationException.invalidValue(key, reader.source(), text, "an http:// or https:// URL");
    }

    private ModelConfig model(JsonNode node, String prefix) {
        reader.requireKeys(node, prefix, MODEL_KEYS);
        return new ModelConfig(
                child(node, "provider").map(n -> reader.text(n, key(prefix, "provider"))),
                child(node, "base_url").map(n -> reader.text(n, key(prefix, "base_url"))),
                child(node, "api_key").map(n -> reader.text(n, key(prefix, "api_key"))),
                child(node, "name").map(n -> reader.text(n, key(prefix, "name"))),
                child(node, "timeout").map(n -> reader.duration(n, key(prefix, "timeout"))),
                child(node, "max_tokens_per_run")
                        .map(n -> OptionalLong.of(reader.positiveLong(n, key(prefix, "max_tokens_per_run"))))
                        .orElse(OptionalLong.empty()));
    }
}
