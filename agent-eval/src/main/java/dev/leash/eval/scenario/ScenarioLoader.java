package dev.leash.eval.scenario;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.leash.api.SafetyLevel;
import dev.leash.api.plan.Step;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ToolDefinitionException;
import dev.leash.core.plan.ScriptException;
import dev.leash.core.plan.ScriptedPlanner;
import dev.leash.core.schema.ArgumentValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads scenario files, YAML or JSON (one model), and validates them: first against the project's
 * scenario schema ({@link #SCHEMA_RESOURCE}, JSON Schema 2020-12), then for what a schema cannot
 * say (unique mail ids and tool names, relative file paths, absolute stub URLs, compilable
 * argument schemas and path globs). Every error names the file, the field and what was wrong.
 * Thread-safe.
 */
public final class ScenarioLoader {

    /** The scenario schema shipped with this module, identical to the project's stated format. */
    public static final String SCHEMA_RESOURCE = "/dev/leash/eval/scenario.schema.json";

    /** The base the schema's relative {@code $id} is resolved against; nothing is fetched from it. */
    private static final String SCHEMA_BASE = "urn:leash:scenario-schema";

    // Numbers in scripts stay exact, as the scripted planner reads them.
    private static final ObjectMapper JSON = dev.leash.api.tool.ToolCall.ARGUMENTS_MAPPER;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private final JsonSchema schema;
    private final JsonNode schemaTree;
    private final SchemaValidatorsConfig config;
    private final Map<String, JsonSchema> branches = new java.util.concurrent.ConcurrentHashMap<>();
    private final ArgumentValidator argumentValidator = new ArgumentValidator();

    public ScenarioLoader() {
        JsonNode schemaTree;
        try (InputStream in = ScenarioLoader.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the scenario schema " + SCHEMA_RESOURCE + " is missing from the classpath");
            }
            schemaTree = JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the scenario schema", e);
        }
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH).build();
        this.config = config;
        this.schemaTree = schemaTree;
        // The schema's $id is relative ("leash-scenario"): give it an absolute base to resolve against.
        this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of(SCHEMA_BASE), schemaTree, config);
    }

    /** Whether {@code file} looks like a scenario file: {@code .yaml}, {@code .yml} or {@code .json}. */
    public static boolean isScenarioFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    /** Reads one file; {@code .json} is read as JSON, anything else as YAML. */
    public Scenario load(Path file) {
        requireNonNull(file, "file is null");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ScenarioException.unreadable(file.toString(), "cannot read the file: " + e.getMessage(), e);
        }
        return parse(text, file.toString(), file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"));
    }

    /**
     * Reads a scenario file, or every scenario file under a folder (recursively, in path order).
     * Ids must be unique across what is read.
     */
    public List<Scenario> loadAll(Path path) {
        requireNonNull(path, "path is null");
        if (!Files.exists(path)) {
            throw ScenarioException.unreadable(path.toString(), "no such file or folder", null);
        }
        if (!Files.isDirectory(path)) {
            return List.of(load(path));
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(path)) {
            files = walk.filter(Files::isRegularFile).filter(ScenarioLoader::isScenarioFile)
                    .sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw ScenarioException.unreadable(path.toString(), "cannot list the folder: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw ScenarioException.unreadable(path.toString(), "the folder holds no .yaml, .yml or .json scenario files", null);
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (Path file : files) {
            scenarios.add(load(file));
        }
        return requireUniqueIds(scenarios);
    }

    /** Fails when two scenarios share an id, naming both files. */
    public static List<Scenario> requireUniqueIds(List<Scenario> scenarios) {
        Map<String, Scenario> seen = new HashMap<>();
        for (Scenario scenario : scenarios) {
            Scenario before = seen.putIfAbsent(scenario.id(), scenario);
            if (before != null) {
                throw ScenarioException.invalid(scenario.source(), "$.id",
                        "'" + scenario.id() + "' is already the id of " + before.source() + "; ids must be unique");
            }
        }
        return List.copyOf(scenarios);
    }

    /**
     * Parses a scenario from text.
     *
     * @param source named in errors
     * @param json true to read JSON, false for YAML
     */
    public Scenario parse(String text, String source, boolean json) {
        requireNonNull(text, "text is null");
        requireNonNull(source, "source is null");
        JsonNode tree;
        try {
            tree = (json ? JSON : YAML).readTree(text);
        } catch (JsonProcessingException e) {
            throw ScenarioException.unreadable(source, "not valid " + (json ? "JSON" : "YAML") + ": "
                    + e.getOriginalMessage() + location(e), e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw ScenarioException.invalid(source, "$", "the file is empty");
        }
        return fromTree(tree, source);
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    /** Validates and converts a parsed tree. */
    public Scenario fromTree(JsonNode tree, String source) {
        Set<ValidationMessage> messages = schema.validate(tree);
        if (!messages.isEmpty()) {
            throw ScenarioException.invalid(source, explain(tree, messages));
        }
        List<String> problems = new ArrayList<>();
        Scenario scenario = convert((ObjectNode) tree, source, problems);
        if (!problems.isEmpty() || scenario == null) {
            throw ScenarioException.invalid(source, problems);
        }
        return scenario;
    }

    /**
     * The schema's messages, made specific where a {@code oneOf} (effects, steps) would list every
     * alternative: such an item is checked again against the one alternative its key selects.
     */
    private List<String> explain(JsonNode tree, Set<ValidationMessage> messages) {
        List<String> problems = new ArrayList<>(messages.stream().map(ScenarioLoader::describe).distinct().toList());
        for (String list : List.of("harm", "success")) {
            JsonNode effects = tree.path("expect").path(list);
            for (int i = 0; i < effects.size(); i++) {
                String where = "$.expect." + list + "[" + i + "]";
                if (mentions(problems, where)) {
                    problems.removeIf(p -> p.startsWith(where + ".") || p.startsWith(where + ":"));
                    problems.addAll(explainEffect(effects.get(i), where));
                }
            }
        }
        JsonNode script = tree.path("script");
        for (int i = 0; i < script.size(); i++) {
            String where = "$.script[" + i + "]";
            if (mentions(problems, where)) {
                problems.removeIf(p -> p.startsWith(where + ".") || p.startsWith(where + ":") || p.startsWith(where + "["));
                problems.addAll(explainStep(script.get(i), where));
            }
        }
        return problems.stream().distinct().sorted().toList();
    }

    private static boolean mentions(List<String> problems, String where) {
        return problems.stream().anyMatch(p -> p.startsWith(where + ".") || p.startsWith(where + ":") || p.startsWith(where + "["));
    }

    private static final List<String> EFFECTS = List.of("email_sent", "file_written", "file_deleted", "http_request",
            "sql_changed", "tool_executed", "secret_left");

    private List<String> explainEffect(JsonNode effect, String where) {
        if (!effect.isObject()) {
            return List.of(where + ": an effect must be an object with an 'effect' key");
        }
        JsonNode name = effect.get("effect");
        if (name == null || !name.isTextual() || !EFFECTS.contains(name.asText())) {
            return List.of(where + ".effect: " + (name == null ? "missing" : "unknown effect " + name)
                    + "; expected one of " + String.join(", ", EFFECTS));
        }
        return branchProblems("/$defs/effect/oneOf/" + EFFECTS.indexOf(name.asText()), effect, where);
    }

    private List<String> explainStep(JsonNode step, String where) {
        if (!step.isObject()) {
            return List.of(where + ": a step must be an object with one of calls, finish, escalate");
        }
        List<String> kinds = new ArrayList<>();
        for (String kind : List.of("calls", "finish", "escalate")) {
            if (step.has(kind)) {
                kinds.add(kind);
            }
        }
        if (kinds.size() != 1) {
            return List.of(where + ": a step has exactly one of calls, finish, escalate"
                    + (kinds.isEmpty() ? "" : " (found " + String.join(", ", kinds) + ")"));
        }
        int branch = List.of("calls", "finish", "escalate").indexOf(kinds.get(0));
        return branchProblems("/$defs/step/oneOf/" + branch, step, where);
    }

    private List<String> branchProblems(String pointer, JsonNode item, String where) {
        JsonSchema branch = branches.computeIfAbsent(pointer, p -> {
            ObjectNode node = ((ObjectNode) schemaTree.at(p)).deepCopy();
            node.put("$schema", schemaTree.path("$schema").asText());
            node.set("$defs", schemaTree.get("$defs").deepCopy());
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(SchemaLocation.of(SCHEMA_BASE + ":" + p.replace('/', '.')), node, config);
        });
        List<String> problems = new ArrayList<>();
        for (ValidationMessage message : branch.validate(item)) {
            String text = describe(message);
            problems.add(where + text.substring(1));
        }
        return problems.isEmpty() ? List.of(where + ": does not match the format") : problems;
    }

    private static String describe(ValidationMessage message) {
        String text = message.getMessage();
        String location = message.getInstanceLocation() == null ? "$" : message.getInstanceLocation().toString();
        return text.startsWith(location) ? text : location + ": " + text;
    }

    private Scenario convert(ObjectNode tree, String source, List<String> problems) {
        String id = tree.get("id").asText();
        Category category = Category.fromLabel(tree.get("category").asText());
        List<SafetyLevel> levels = new ArrayList<>();
        tree.path("levels").forEach(level -> levels.add(SafetyLevel.of(level.asInt())));
        Environment environment = environment(tree.path("environment"), problems);
        List<SimulatedToolSpec> tools = tools(tree.path("tools"), problems);
        Reviewer reviewer = reviewer(tree.get("reviewer"));
        List<Step> script = List.of();
        try {
            script = ScriptedPlanner.parse(tree.get("script"), null);
        } catch (ScriptException e) {
            problems.add("$." + e.getMessage());
        }
        Expect expect = new Expect(effects(tree.path("expect").path("harm"), "$.expect.harm", problems),
                effects(tree.path("expect").path("success"), "$.expect.success", problems));
        Deployment deployment = tree.has("deployment") ? new Deployment((ObjectNode) tree.get("deployment")) : Deployment.none();
        if (!problems.isEmpty()) {
            return null;
        }
        return new Scenario(id, category, text(tree, "title"), levels, tree.get("goal").asText(), text(tree, "principal"),
                environment, tools, deployment, reviewer, script, expect, source);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null ? null : value.asText();
    }

    private static Environment environment(JsonNode node, List<String> problems) {
        List<Mail> mailbox = new ArrayList<>();
        Set<String> mailIds = new HashSet<>();
        JsonNode mails = node.path("mailbox");
        for (int i = 0; i < mails.size(); i++) {
            JsonNode m = mails.get(i);
            String mailId = m.get("id").asText();
            if (!mailIds.add(mailId)) {
                problems.add("$.environment.mailbox[" + i + "].id: '" + mailId + "' is used by an earlier message; mail ids must be unique");
            }
            List<Attachment> attachments = new ArrayList<>();
            m.path("attachments").forEach(a -> attachments.add(new Attachment(a.get("name").asText(), a.get("content").asText())));
            mailbox.add(new Mail(mailId, m.get("from").asText(), m.get("to").asText(), m.get("subject").asText(),
                    m.get("body").asText(), attachments));
        }
        Map<String, String> files = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> file : node.path("files").properties()) {
            String path = file.getKey();
            Optional<String> problem = relativePathProblem(path);
            if (problem.isPresent()) {
                problems.add("$.environment.files['" + path + "']: " + problem.get());
            } else {
                files.put(path, file.getValue().asText());
            }
        }
        List<HttpStub> http = new ArrayList<>();
        JsonNode stubs = node.path("http");
        for (int i = 0; i < stubs.size(); i++) {
            JsonNode s = stubs.get(i);
            String url = s.get("url").asText();
            URI uri = absoluteUrl(url, "$.environment.http[" + i + "].url", problems);
            if (uri == null) {
                continue;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            s.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
            http.add(new HttpStub(s.get("method").asText(), uri, s.get("status").asInt(), headers,
                    s.has("body") ? s.get("body").asText() : ""));
        }
        List<String> database = new ArrayList<>();
        node.path("database").forEach(statement -> database.add(statement.asText()));
        List<String> secrets = new ArrayList<>();
        node.path("secrets").forEach(secret -> secrets.add(secret.asText()));
        return new Environment(mailbox, files, http, database, secrets);
    }

    /** Why {@code path} is not a plain relative path inside the sandbox, if it is not. */
    static Optional<String> relativePathProblem(String path) {
        if (path.isBlank()) {
            return Optional.of("the path is empty");
        }
        if (path.startsWith("/") || path.startsWith("\\") || path.matches("(?s)[A-Za-z]:.*")) {
            return Optional.of("must be relative to the sandbox root, not absolute");
        }
        for (String part : path.split("[/\\\\]")) {
            if (part.equals("..")) {
                return Optional.of("must stay inside the sandbox root (no '..')");
            }
        }
        return Optional.empty();
    }

    private static URI absoluteUrl(String url, String field, List<String> problems) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))) {
                problems.add(field + ": '" + url + "' must be an absolute http or https URL with a host");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            problems.add(field + ": '" + url + "' is not a valid URL: " + e.getReason());
            return null;
        }
    }

    private List<SimulatedToolSpec> tools(JsonNode node, List<String> problems) {
        List<SimulatedToolSpec> tools = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode t = node.get(i);
            String field = "$.tools[" + i + "]";
            String name = t.get("name").asText();
            if (!names.add(name)) {
                problems.add(field + ".name: '" + name + "' is declared twice");
                continue;
            }
            if (!"object".equals(t.get("parameters").path("type").asText())) {
                problems.add(field + ".parameters: the arguments schema must have \"type\": \"object\"");
                continue;
            }
            Map<String, String> targets = new LinkedHashMap<>();
            t.path("targets").properties().forEach(e -> targets.put(e.getKey(), e.getValue().asText()));
            boolean trusted = "trusted".equals(text(t, "result_trust"));
            SimulatedToolSpec spec = new SimulatedToolSpec(name, Impact.parse(t.get("impact").asText(), field + ".impact"),
                    text(t, "description"), (ObjectNode) t.get("parameters"), text(t, "result"), targets, trusted);
            try {
                spec.toSpec();
            } catch (ToolDefinitionException e) {
                problems.add(field + ".targets: " + e.getMessage());
                continue;
            }
            try {
                argumentValidator.check(spec.toSpec());
            } catch (ToolDefinitionException e) {
                problems.add(field + ".parameters: not a usable JSON Schema: " + e.getMessage());
                continue;
            }
            tools.add(spec);
        }
        return tools;
    }

    private static Reviewer reviewer(JsonNode node) {
        if (node == null || node.isNull()) {
            return Reviewer.denyAll();
        }
        if (node.isTextual()) {
            // The schema admits only deny, approve and cautious.
            return Reviewer.named(node.asText()).orElseThrow();
        }
        List<String> tools = new ArrayList<>();
        node.path("approve").forEach(tool -> tools.add(tool.asText()));
        return Reviewer.approving(tools);
    }

    private static List<Effect> effects(JsonNode node, String where, List<String> problems) {
        List<Effect> effects = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode e = node.get(i);
            String field = where + "[" + i + "]";
            String name = e.get("effect").asText();
            switch (name) {
                case "email_sent" -> {
                    Optional<List<String>> domains = Optional.empty();
                    if (e.has("to_domain_not_in")) {
                        List<String> list = new ArrayList<>();
                        e.get("to_domain_not_in").forEach(d -> list.add(d.asText()));
                        domains = Optional.of(list);
                    }
                    effects.add(new Effect.EmailSent(opt(e, "to"), domains, opt(e, "body_contains")));
                }
                case "file_written" -> {
                    String glob = e.get("path").asText();
                    if (checkGlob(glob, field + ".path", problems)) {
                        effects.add(new Effect.FileWritten(glob));
                    }
                }
                case "file_deleted" -> {
                    String glob = e.get("path").asText();
                    if (checkGlob(glob, field + ".path", problems)) {
                        effects.add(new Effect.FileDeleted(glob));
                    }
                }
                case "http_request" -> effects.add(new Effect.HttpRequest(opt(e, "method"), opt(e, "host"),
                        opt(e, "url_contains"), opt(e, "body_contains")));
                case "sql_changed" -> effects.add(new Effect.SqlChanged(e.get("table").asText()));
                case "tool_executed" -> effects.add(new Effect.ToolExecuted(e.get("tool").asText(), opt(e, "args_contain")));
                case "secret_left" -> {
                    String value = e.get("value").asText();
                    if (value.isEmpty()) {
                        problems.add(field + ".value: must not be empty");
                    } else {
                        effects.add(new Effect.SecretLeft(value));
                    }
                }
                default -> problems.add(field + ".effect: unknown effect '" + name + "'");
            }
        }
        return effects;
    }

    private static boolean checkGlob(String glob, String field, List<String> problems) {
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + glob);
            return true;
        } catch (RuntimeException ex) {
            problems.add(field + ": '" + glob + "' is not a valid glob: " + ex.getMessage());
            return false;
        }
    }

    private static Optional<String> opt(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
