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

    /** The manifest of {@code tools} at {@code level}, with the standard tools' target kinds. */
    public static PermissionManifest of(List<? extends Tool> tools, SafetyLevel level, SafetyConfig safety) {
        return of(tools, level, safety, tool -> StandardTargets.kindsOf(tool.spec().name()));
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
            }
            perImpact.put(impact, t);
        }
        Map<String, String> allowlists = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        AllowConfig allow = safety.allow();
        for (Target.Kind kind : Target.Kind.values()) {
            if (!kinds.contains(kind)) {
                continue;
            }
            switch (kind) {
                case EMAIL_RECIPIENT:
                    allowlists.put("email_domains", allow.emailDomains().isEmpty()
                            ? "(none: no recipient is inside)" : String.join(", ", allow.emailDomains()));
                    if (offered && declared != Impact.READ) {
                        notes.add(level == SafetyLevel.LEVEL_3
                                ? "recipients outside email_domains need approval"
                                : "recipients outside email_domains are denied");
                    }
                    break;
                case HTTP_HOST:
                    allowlists.put("http_hosts", allow.httpHosts().isEmpty()
                            ? "(none: no host is inside)" : String.join(", ", allow.httpHosts()));
                    if (offered) {
                        notes.add("hosts outside http_hosts are denied");
                    }
                    break;
                case PATH:
                    allowlists.put("paths", allow.paths().map(p -> String.join(", ", p)).orElse("(the whole root)"));
                    break;
                default:
                    allowlists.put("tables", allow.tables().map(t -> String.join(", ", t)).orElse("(every table)"));
                    break;
            }
        }
        if (!offered) {
            notes.add("not offered to the planner at " + level);
        }
        ToolLimits limits = safety.limitsOf(spec.name());
        return new Row(spec.name(), spec.description(), declared, lowest, offered, perImpact.get(declared), perImpact,
                allowlists, limits.describe(), notes);
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
