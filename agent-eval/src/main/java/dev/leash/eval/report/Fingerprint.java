package dev.leash.eval.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.leash.api.tool.ToolCall;
import dev.leash.eval.scenario.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * SHA-256 fingerprints that make two red-team reports comparable: of the scenario library and of
 * the configuration the tier was played with. Each is taken over a canonical JSON form (object
 * keys sorted, no whitespace), so formatting, comments, key order and, for the library, the order
 * of the scenarios do not change it; any change of content does.
 *
 * <ul>
 *   <li>{@link #library}: every scenario as loaded (id, category, title, levels, goal, principal,
 *       environment, simulated tools, reviewer, script, expectations), <em>without</em> its
 *       deployment, the file it came from and the ids of script calls; the digests of the scenarios are sorted, then hashed.
 *   <li>{@link #deployments}: each scenario's {@code deployment}, keyed by scenario id: the
 *       configuration of the built-in agent, which takes each scenario's deployment.
 *   <li>{@link #configFile}: the {@code safety} section of a {@code leash.yaml} without {@code level}
 *       (the runner sets the level), the configuration of {@code --config}.
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class Fingerprint {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Components of a scenario that are not part of the library's content. */
    private static final Set<String> NOT_LIBRARY = Set.of("source", "deployment");
    /** Components that differ from one load to the next (a script's call ids are drawn at random when not written). */
    private static final Map<Class<?>, Set<String>> NOT_CONTENT = Map.of(ToolCall.class, Set.of("id"));

    private Fingerprint() {
    }

    /** The library's hash: order-independent, deployments and file names left out. */
    public static String library(Collection<Scenario> scenarios) {
        requireNonNull(scenarios, "scenarios is null");
        List<String> digests = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            digests.add(sha256(jsonText(canonicalScenario(scenario))));
        }
        digests.sort(null);
        return sha256(String.join("\n", digests));
    }

    /** The hash of every scenario's deployment, keyed by scenario id (order-independent). */
    public static String deployments(Collection<Scenario> scenarios) {
        requireNonNull(scenarios, "scenarios is null");
        ObjectNode all = NODES.objectNode();
        for (Scenario scenario : scenarios) {
            all.set(scenario.id(), scenario.deployment().safety());
        }
        return sha256(jsonText(canonical(all)));
    }

    /**
     * The hash of a {@code leash.yaml}'s {@code safety} section without {@code level}.
     *
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException naming the file when it is not YAML
     */
    public static String configFile(Path file) {
        requireNonNull(file, "file is null");
        JsonNode tree;
        try {
            tree = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        JsonNode safety = tree == null ? NODES.objectNode() : tree.path("safety");
        ObjectNode copy = safety.isObject() ? ((ObjectNode) safety).deepCopy() : NODES.objectNode();
        copy.remove("level");
        return sha256(jsonText(canonical(copy)));
    }

    /** A scenario's canonical content (what {@link #library} hashes, one scenario). */
    static JsonNode canonicalScenario(Scenario scenario) {
        ObjectNode node = NODES.objectNode();
        TreeMap<String, JsonNode> fields = new TreeMap<>();
        for (RecordComponent component : Scenario.class.getRecordComponents()) {
            if (!NOT_LIBRARY.contains(component.getName())) {
                fields.put(component.getName(), canonical(read(component, scenario)));
            }
        }
        fields.forEach(node::set);
        return node;
    }

    /**
     * The canonical JSON form of a value of the scenario model: records as objects of their
     * components with a {@code "@type"} (so two effects with the same fields differ), maps and JSON
     * objects with sorted keys, sets sorted, lists in order, enums by name, empty optionals as null.
     */
    static JsonNode canonical(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof JsonNode json) {
            return canonicalJson(json);
        }
        if (value instanceof CharSequence text) {
            return NODES.textNode(text.toString());
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Number n) {
            return NODES.textNode(n.toString());
        }
        if (value instanceof Enum<?> e) {
            return NODES.textNode(e.name());
        }
        if (value instanceof Optional<?> o) {
            return canonical(o.orElse(null));
        }
        if (value instanceof OptionalInt o) {
            return o.isPresent() ? NODES.textNode(Integer.toString(o.getAsInt())) : NODES.nullNode();
        }
        if (value instanceof OptionalLong o) {
            return o.isPresent() ? NODES.textNode(Long.toString(o.getAsLong())) : NODES.nullNode();
        }
        if (value instanceof OptionalDouble o) {
            return o.isPresent() ? NODES.textNode(Double.toString(o.getAsDouble())) : NODES.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            ObjectNode node = NODES.objectNode();
            sorted.forEach(node::set);
            return node;
        }
        if (value instanceof Set<?> set) {
            List<JsonNode> items = new ArrayList<>();
            set.forEach(item -> items.add(canonical(item)));
            items.sort((a, b) -> jsonText(a).compareTo(jsonText(b)));
            ArrayNode array = NODES.arrayNode();
            items.forEach(array::add);
            return array;
        }
        if (value instanceof Collection<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(item -> array.add(canonical(item)));
            return array;
        }
        if (value.getClass().isRecord()) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            Set<String> skipped = NOT_CONTENT.getOrDefault(value.getClass(), Set.of());
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                if (!skipped.contains(component.getName())) {
                    fields.put(component.getName(), canonical(read(component, value)));
                }
            }
            ObjectNode node = NODES.objectNode();
            node.put("@type", value.getClass().getSimpleName());
            fields.forEach(node::set);
            return node;
        }
        return NODES.textNode(value.toString());
    }

    private static JsonNode canonicalJson(JsonNode json) {
        if (json.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            json.properties().forEach(e -> sorted.put(e.getKey(), canonicalJson(e.getValue())));
            ObjectNode node = NODES.objectNode();
            sorted.forEach(node::set);
            return node;
        }
        if (json.isArray()) {
            ArrayNode array = NODES.arrayNode();
            json.forEach(item -> array.add(canonicalJson(item)));
            return array;
        }
        return json.deepCopy();
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass().getName(), e);
        }
    }

    private static String jsonText(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SHA-256 of {@code text} (UTF-8), in lower-case hex. */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
