package dev.leash.integration.spring.boot;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.ConfigurationException;
import dev.leash.api.SafetyLevel;
import dev.leash.api.tool.Impact;
import dev.leash.integration.TargetKind;
import dev.leash.integration.ToolDeclarations;
import dev.leash.tiers.config.LeashConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * The {@code leash.*} Spring properties read as {@code leash.yaml}: {@code leash.safety.level},
 * {@code leash.safety.allow.email_domains[0]}, {@code leash.safety.approvals.gate}... are the keys
 * of {@code leash.yaml} under {@code leash.}, spelled the same way (with underscores), lists as
 * indexed keys (which is what a YAML list in {@code application.yml} becomes). They are checked by
 * the same parser, so an unknown key or a bad value stops start-up naming it.
 *
 * <p>{@code leash.integration.*} configures the integration itself:
 * <ul>
 *   <li>{@code principal}: who the runs act for (default {@code unknown});
 *   <li>{@code audit_file}: the JSON Lines audit log (default {@code leash-audit.jsonl}), unless
 *       the application defines an {@code AuditSink} bean;
 *   <li>{@code tools.<tool>.impact} ({@code read}, {@code write}, {@code irreversible}) for tools
 *       without an impact annotation, {@code tools.<tool>.targets.<argument>} ({@code email},
 *       {@code host}, {@code url}, {@code path}, {@code table}), {@code tools.<tool>.trusted}.
 * </ul>
 *
 * <p>{@code leash.safety.level} also comes from the {@code LEASH_SAFETY_LEVEL} environment
 * variable (Spring's relaxed binding); unset means Level 1. Immutable.
 *
 * @param config the configuration, as {@code leash.yaml} would give it
 * @param level the level
 * @param principal who the runs act for
 * @param auditFile where the default audit sink writes
 * @param declarations impacts, targets and trust declared for tools
 */
public record LeashProperties(LeashConfig config, SafetyLevel level, String principal, Path auditFile,
                              ToolDeclarations declarations) {

    static final String PREFIX = "leash.";
    static final String SOURCE = "Spring properties leash.*";
    static final List<String> INTEGRATION_KEYS = List.of("enabled", "principal", "audit_file", "tools");
    static final List<String> TOOL_KEYS = List.of("impact", "targets", "trusted");
    private static final Pattern SEGMENT = Pattern.compile("([^.\\[]+)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    public LeashProperties {
        requireNonNull(config, "config is null");
        requireNonNull(level, "level is null");
        requireNonNull(principal, "principal is null");
        requireNonNull(auditFile, "auditFile is null");
        requireNonNull(declarations, "declarations is null");
    }

    /**
     * Reads the {@code leash.*} properties of {@code environment}.
     *
     * @throws ConfigurationException naming the property when a key is unknown or a value is bad
     */
    public static LeashProperties from(ConfigurableEnvironment environment) {
        ObjectNode tree = tree(environment);
        String level = environment.getProperty("leash.safety.level");
        if (level != null && !level.isBlank()) {
            ObjectNode safety = tree.has("safety") && tree.get("safety").isObject()
                    ? (ObjectNode) tree.get("safety") : tree.putObject("safety");
            safety.put("level", level.trim());
        }
        JsonNode integration = tree.remove("integration");
        LeashConfig config = LeashConfig.parse(tree.toString(), SOURCE);
        SafetyLevel chosen = config.safety().level().orElse(SafetyLevel.LEVEL_1);
        String principal = "unknown";
        Path audit = Path.of("leash-audit.jsonl");
        ToolDeclarations declarations = ToolDeclarations.none();
        if (integration != null) {
            requireKeys(integration, "leash.integration", INTEGRATION_KEYS);
            if (integration.has("principal")) {
                principal = text(integration.get("principal"), "leash.integration.principal");
            }
            if (integration.has("audit_file")) {
                audit = Path.of(text(integration.get("audit_file"), "leash.integration.audit_file"));
            }
            if (integration.has("tools")) {
                declarations = declarations(integration.get("tools"));
            }
        }
        return new LeashProperties(config, chosen, principal, audit, declarations);
    }

    private static ToolDeclarations declarations(JsonNode tools) {
        requireObject(tools, "leash.integration.tools");
        ToolDeclarations declarations = ToolDeclarations.none();
        Iterator<Map.Entry<String, JsonNode>> entries = tools.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String tool = entry.getKey();
            String key = "leash.integration.tools." + tool;
            JsonNode node = entry.getValue();
            requireKeys(node, key, TOOL_KEYS);
            if (node.has("impact")) {
                String value = text(node.get("impact"), key + ".impact");
                Impact impact = Impact.parse(value, key + ".impact");
                declarations = declarations.withImpact(tool, impact);
            }
            if (node.has("targets")) {
                requireObject(node.get("targets"), key + ".targets");
                Iterator<Map.Entry<String, JsonNode>> targets = node.get("targets").fields();
                while (targets.hasNext()) {
                    Map.Entry<String, JsonNode> target = targets.next();
                    String where = key + ".targets." + target.getKey();
                    declarations = declarations.withTarget(tool, target.getKey(), TargetKind.of(text(target.getValue(), where), where));
                }
            }
            if (node.has("trusted")) {
                String value = text(node.get("trusted"), key + ".trusted");
                if (!value.equals("true") && !value.equals("false")) {
                    throw ConfigurationException.invalidValue(key + ".trusted", SOURCE, value, "true or false");
                }
                if (value.equals("true")) {
                    declarations = declarations.withTrustedResult(tool);
                }
            }
        }
        return declarations;
    }

    private static void requireObject(JsonNode node, String key) {
        if (!node.isObject()) {
            throw ConfigurationException.invalidValue(key, SOURCE, node.toString(), "a mapping");
        }
    }

    private static void requireKeys(JsonNode node, String key, List<String> allowed) {
        requireObject(node, key);
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ConfigurationException.unknownKey(key + "." + name, SOURCE, allowed);
            }
        }
    }

    private static String text(JsonNode node, String key) {
        if (!node.isValueNode() || node.asText().isBlank()) {
            throw ConfigurationException.invalidValue(key, SOURCE, node.toString(), "a non-empty text value");
        }
        return node.asText().trim();
    }

    /** Every {@code leash.*} property as a tree, keys as written, values as Spring resolves them. */
    static ObjectNode tree(ConfigurableEnvironment environment) {
        TreeSet<String> names = new TreeSet<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    if (name.startsWith(PREFIX)) {
                        names.add(name);
                    }
                }
            }
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (String name : names) {
            String value = environment.getProperty(name);
            if (value != null) {
                put(root, name, value);
            }
        }
        return root;
    }

    private static void put(ObjectNode root, String name, String value) {
        List<Object> path = new ArrayList<>();
        for (String part : name.substring(PREFIX.length()).split("\\.")) {
            Matcher segment = SEGMENT.matcher(part);
            if (!segment.matches()) {
                throw ConfigurationException.invalidValue(name, SOURCE, value, "a property name such as leash.safety.level");
            }
            path.add(segment.group(1));
            Matcher index = INDEX.matcher(segment.group(2));
            while (index.find()) {
                path.add(Integer.valueOf(index.group(1)));
            }
        }
        JsonNode node = root;
        for (int i = 0; i < path.size(); i++) {
            Object step = path.get(i);
            boolean last = i == path.size() - 1;
            Object next = last ? null : path.get(i + 1);
            JsonNode child;
            if (step instanceof String key) {
                if (!(node instanceof ObjectNode object)) {
                    throw ConfigurationException.invalidValue(name, SOURCE, value, "a key where the other properties give a list");
                }
                if (last) {
                    object.set(key, scalar(value, false));
                    return;
                }
                child = object.get(key);
                if (child == null) {
                    child = next instanceof Integer ? object.putArray(key) : object.putObject(key);
                }
            } else {
                int position = (Integer) step;
                if (!(node instanceof ArrayNode array)) {
                    throw ConfigurationException.invalidValue(name, SOURCE, value, "an index where the other properties give a key");
                }
                while (array.size() <= position) {
                    array.addNull();
                }
                if (last) {
                    array.set(position, scalar(value, true));
                    return;
                }
                child = array.get(position);
                if (child == null || child.isNull()) {
                    child = next instanceof Integer ? JsonNodeFactory.instance.arrayNode() : JsonNodeFactory.instance.objectNode();
                    array.set(position, child);
                }
            }
            if (child.isValueNode()) {
                throw ConfigurationException.invalidValue(name, SOURCE, value, "one value per key: another property gives this key a value");
            }
            node = child;
        }
    }

    /** Whole numbers as numbers (as YAML would read {@code max_denials: 3}); list items stay text. */
    private static JsonNode scalar(String value, boolean inList) {
        if (!inList && value.matches("-?\\d{1,9}")) {
            return JsonNodeFactory.instance.numberNode(Integer.parseInt(value));
        }
        return JsonNodeFactory.instance.textNode(value);
    }
}
