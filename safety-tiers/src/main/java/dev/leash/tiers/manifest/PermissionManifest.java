package dev.leash.tiers.manifest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.SafetyLevel;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolSpec;
import dev.leash.tiers.Tiers;
import dev.leash.tiers.config.AllowConfig;
import dev.leash.tiers.config.ApprovalsConfig;
import dev.leash.tiers.config.SafetyConfig;
import dev.leash.tiers.config.ToolLimits;
import dev.leash.tiers.policy.Allowlists;
import dev.leash.tiers.policy.ImpactGate;
import dev.leash.tiers.policy.Treatment;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The permission documentation of a deployment: for each tool, its declared impact, whether the
 * planner is offered it, what the tier does with its calls, and the allowlists and limits that
 * apply. Rendered as a plain-text table ({@link #toText()}) or JSON ({@link #toJson()}).
 * Immutable and thread-safe.
 *
 * @param level the level it describes
 * @param maxDenials refusals that end a run at this deployment
 * @param approvalGate the approval gate, e.g. {@code deny}, {@code webhook https://...}
 * @param rows one per tool, in the order given
 */
public record PermissionManifest(SafetyLevel level, int maxDenials, String approvalGate, List<Row> rows) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What the manifest says of a WRITE or IRREVERSIBLE tool that declares no targets. */
    public static final String NO_TARGETS = "no targets declared";

    /**
     * One tool.
     *
     * @param tool the name
     * @param description what it does
     * @param impact its declared (highest) impact
     * @param lowestImpact the lowest impact a call of it can have
     * @param offered whether the planner is offered it at this level
     * @param treatment what the tier does with a call of its declared impact
     * @param perImpact what the tier does with calls of each impact from the lowest to the declared
     * @param allowlists the allowlists that apply, by key ({@code email_domains}: its entries or a note)
     * @param limits the tool's rate and budget ({@code none} when none)
     * @param notes further rules that apply (e.g. recipients outside the allowlist need approval)
     */
    public record Row(String tool, String description, Impact impact, Impact lowestImpact, boolean offered,
                      Treatment treatment, Map<Impact, Treatment> perImpact, Map<String, String> allowlists,
                      String limits, List<String> notes) {
        public Row {
            requireNonNull(tool, "tool is null");
            requireNonNull(description, "description is null");
            requireNonNull(impact, "impact is null");
            requireNonNull(lowestImpact, "lowestImpact is null");
            requireNonNull(treatment, "treatment is null");
            perImpact = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perImpact));
            allowlists = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(allowlists));
            requireNonNull(limits, "limits is null");
            notes = List.copyOf(notes);
        }

        /** What the tier does, in words: one treatment, or one per impact for tools refined per call. */
        public String does() {
            if (perImpact.size() <= 1) {
                return treatment.label();
            }
            return perImpact.entrySet().stream()
                    .map(e -> e.getKey().label() + ": " + e.getValue().label())
                    .collect(Collectors.joining("; "));
        }
    }

    public PermissionManifest {
        requireNonNull(level, "level is null");
        requireNonNull(approvalGate, "approvalGate is null");
        rows = List.copyOf(rows);
    }

    /**
     * The manifest of {@code tools} at {@code level}, with the target kinds each tool declares in
     * its spec ({@link ToolSpec#targets()}; {@code url} counts as {@code host}) and those of the
     * standard tools.
     */
    public static PermissionManifest of(List<? extends Tool> tools, SafetyLevel level, SafetyConfig safety) {
        return of(tools, level, safety, PermissionManifest::declaredKinds);
    }

    /** The target kinds {@code tool} declares (its spec's, and a standard tool's). */
    public static Set<Target.Kind> declaredKinds(Tool tool) {
        Set<Target.Kind> kinds = new java.util.LinkedHashSet<>();
        kinds.addAll(StandardTargets.kindsOf(tool.spec().name()));
        for (String kind : tool.spec().targets().values()) {
            kinds.add(dev.leash.api.tool.Targets.URL.equals(kind) ? Target.Kind.HTTP_HOST : Target.Kind.of(kind));
        }
        return kinds;
    }

    /**
     * The manifest of {@code tools} at {@code level}.
     *
     * @param targetKinds the kinds of target each tool reports (to name the allowlists that apply)
     */
    public static PermissionManifest of(List<? extends Tool> tools, SafetyLevel level, SafetyConfig safety,
                                        Function<Tool, Set<Target.Kind>> targetKinds) {
        requireNonNull(tools, "tools is null");
        requireNonNull(level, "level is null");
        requireNonNull(safety, "safety is null");
        List<Row> rows = new ArrayList<>();
        for (Tool tool : tools) {
            rows.add(row(tool, level, safety, targetKinds.apply(tool)));
        }
        String gate = safety.approvals().gate() == ApprovalsConfig.Gate.DENY
                ? "deny (no reviewer: every call that needs approval is denied)"
                : safety.approvals().gate().label() + safety.approvals().url().map(u -> " " + u).orElse("")
                        + " (timeout " + safety.approvals().timeout().toSeconds() + " s)";
        return new PermissionManifest(level, safety.maxDenials(level), gate, rows);
    }

    private static Row row(Tool tool, SafetyLevel level, SafetyConfig safety, Set<Target.Kind> kinds) {
        kinds = declaredOrder(kinds);
        ToolSpec spec = tool.spec();
        Impact declared = spec.impact();
        Impact lowest;
        try {
            lowest = tool.lowestImpact() == null ? declared : tool.lowestImpact();
        } catch (RuntimeException e) {
            lowest = declared;
        }
        if (lowest.isAbove(declared)) {
            lowest = declared;
        }
        boolean offered = lowest.isAtMost(Tiers.maxOfferedImpact(level));
        boolean allowlisted = !kinds.isEmpty();
        Map<Impact, Treatment> perImpact = new LinkedHashMap<>();
        for (Impact impact : EnumSet.range(lowest, declared)) {
            Treatment t = offered ? ImpactGate.treatment(level, impact) : Treatment.DENIED;
            if (t == Treatment.ALLOWED && allowlisted) {
                t = Treatment.ALLOWED_INSIDE_ALLOWLISTS;
            } else if (t == Treatment.ALLOWED_INSIDE_ALLOWLISTS && !allowlisted) {
                // Nothing it acts on is checked: say so rather than promise allowlists.
                t = Treatment.ALLOWED;
            }
            perImpact.put(impact, t);
        }
        Map<String, String> allowlists = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        AllowConfig allow = safety.allow();
        for (Target.Kind kind : kinds) {
            String key = Allowlists.keyOf(kind);
            if (kind == Target.Kind.EMAIL_RECIPIENT) {
                allowlists.put(key, allow.emailDomains().isEmpty()
                        ? "(none: no recipient is inside)" : String.join(", ", allow.emailDomains()));
            } else if (kind == Target.Kind.HTTP_HOST) {
                allowlists.put(key, allow.httpHosts().isEmpty()
                        ? "(none: no host is inside)" : String.join(", ", allow.httpHosts()));
            } else if (kind == Target.Kind.PATH) {
                allowlists.put(key, allow.paths().map(p -> String.join(", ", p)).orElse("(the whole root)"));
            } else if (kind == Target.Kind.SQL_TABLE) {
                allowlists.put(key, allow.tables().map(t -> String.join(", ", t)).orElse("(every table)"));
            } else {
                List<String> values = allow.targetsOf(kind.name());
                allowlists.put(key, values.isEmpty() ? "(none: no " + kind.name() + " is inside)" : String.join(", ", values));
            }
        }
        if (offered && !kinds.isEmpty()) {
            notes.add("targets outside " + String.join(", ", allowlists.keySet()) + " are denied");
        }
        if (kinds.isEmpty() && declared != Impact.READ) {
            allowlists.put("targets", NO_TARGETS);
            if (offered) {
                notes.add(NO_TARGETS + ": no allowlist limits what it acts on");
            }
        }
        if (!offered) {
            notes.add("not offered to the planner at " + level);
        }
        ToolLimits limits = safety.limitsOf(spec.name());
        return new Row(spec.name(), spec.description(), declared, lowest, offered, perImpact.get(declared), perImpact,
                allowlists, limits.describe(), notes);
    }

    private static Set<Target.Kind> declaredOrder(Set<Target.Kind> kinds) {
        Set<Target.Kind> ordered = new java.util.LinkedHashSet<>();
        Target.Kind.values().stream().filter(kinds::contains).forEach(ordered::add);
        kinds.stream().filter(k -> !k.isBuiltIn()).sorted(java.util.Comparator.comparing(Target.Kind::name)).forEach(ordered::add);
        return ordered;
    }

    /** The manifest as a plain-text table with a short header. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append("Permission manifest: ").append(level).append('\n');
        text.append("approval gate: ").append(approvalGate).append("; a run ends after ").append(maxDenials)
                .append(" refused calls\n\n");
        if (rows.isEmpty()) {
            text.append("(no tools registered)\n");
            return text.toString();
        }
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"TOOL", "IMPACT", "OFFERED", "AT " + level.toString().toUpperCase(java.util.Locale.ROOT),
            "ALLOWLISTS", "LIMITS", "NOTES"});
        for (Row row : rows) {
            table.add(new String[] {
                row.tool(),
                row.impact().label(),
                row.offered() ? "yes" : "no",
                row.does(),
                row.allowlists().isEmpty() ? "-" : row.allowlists().entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; ")),
                row.limits(),
                row.notes().isEmpty() ? "-" : String.join("; ", row.notes())});
        }
        int[] widths = new int[table.get(0).length];
        for (String[] line : table) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : table) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                out.append(i == line.length - 1 ? line[i] : pad(line[i], widths[i] + 2));
            }
            text.append(out.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    /** The manifest as JSON. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("level", level.number());
        root.put("max_denials", maxDenials);
        root.put("approval_gate", approvalGate);
        ArrayNode tools = root.putArray("tools");
        for (Row row : rows) {
            ObjectNode t = tools.addObject();
            t.put("name", row.tool());
            t.put("description", row.description());
            t.put("impact", row.impact().label());
            t.put("lowest_impact", row.lowestImpact().label());
            t.put("offered", row.offered());
            t.put("treatment", row.treatment().label());
            ObjectNode per = t.putObject("per_impact");
            row.perImpact().forEach((impact, treatment) -> per.put(impact.label(), treatment.label()));
            ObjectNode lists = t.putObject("allowlists");
            row.allowlists().forEach(lists::put);
            t.put("limits", row.limits());
            ArrayNode notes = t.putArray("notes");
            row.notes().forEach(notes::add);
        }
        return root;
    }

    /** {@link #toJson()} as indented text. */
    public String toJsonText() {
        try {
            return JSON.writeValueAsString(toJson());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
