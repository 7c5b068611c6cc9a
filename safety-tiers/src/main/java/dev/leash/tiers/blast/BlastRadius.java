package dev.leash.tiers.blast;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.ConfigurationException;
import dev.leash.api.SafetyLevel;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.Tool;
import dev.leash.tiers.config.AllowConfig;
import dev.leash.tiers.config.Budget;
import dev.leash.tiers.config.BudgetWindow;
import dev.leash.tiers.config.Rate;
import dev.leash.tiers.config.SafetyConfig;
import dev.leash.tiers.config.ToolLimits;
import dev.leash.tiers.manifest.PermissionManifest;
import dev.leash.tiers.policy.Allowlists;
import dev.leash.tiers.policy.Treatment;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a deployment's tools can do in one day at one level: per tool, whether it runs without a
 * human, needs a human, or never runs; how many times a day at most (by its rate and budget); the
 * largest sum of a budgeted argument; the targets it can reach (its allowlists); and the totals.
 * Computed from the permission manifest (which takes the impact gate's treatment and the
 * allowlists) and the tools' limits, so it says what the tier enforces. Immutable and thread-safe.
 *
 * <p>Day arithmetic: a rate of {@code N/period} admits at most {@code N * ceil(day / period)}
 * calls a day for the whole deployment; a budget of {@code N} per window admits at most {@code
 * N * ceil(day / window)} a day per principal (a window of a day or longer: {@code N}); a budget
 * per run does not bound a day (a principal can start runs without end), nor does no limit.
 *
 * @param level the level it describes
 * @param approvalGate the approval gate as the manifest names it
 * @param tools one per tool, in the order given
 */
public record BlastRadius(SafetyLevel level, String approvalGate, List<ToolRadius> tools) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DAY = Duration.ofDays(1);

    /** What the report says of a tool or total without a bound. */
    public static final String UNLIMITED = "no limit: unlimited";

    /** Where a tool's calls fall. */
    public enum Reach {
        /** Runs without a human. */
        UNATTENDED("unattended"),
        /** Runs only when a human approves the exact call. */
        APPROVAL("approval"),
        /** Never runs. */
        NEVER("never");

        private final String label;

        Reach(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Reach of(Treatment treatment, boolean gateDenies) {
            return switch (treatment) {
                case ALLOWED, ALLOWED_INSIDE_ALLOWLISTS -> UNATTENDED;
                case APPROVAL -> gateDenies ? NEVER : APPROVAL;
                case DENIED -> NEVER;
            };
        }

        static Reach parse(String label) {
            for (Reach r : values()) {
                if (r.label.equals(label)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("unknown reach '" + label + "' (unattended, approval or never)");
        }
    }

    /**
     * The most a budgeted argument can sum to in a day.
     *
     * @param argument the argument, e.g. {@code amount}
     * @param maxPerDay the largest sum a day per principal; empty = no bound a day
     * @param basis the budget it comes from, e.g. {@code budget 100 amount/day}
     */
    public record Amount(String argument, Optional<BigDecimal> maxPerDay, String basis) {
        public Amount {
            requireNonNull(argument, "argument is null");
            requireNonNull(maxPerDay, "maxPerDay is null");
            requireNonNull(basis, "basis is null");
        }

        /** {@code at most 100.00 amount a day per principal}, or the unlimited note. */
        public String describe() {
            return maxPerDay.map(m -> "at most " + m.toPlainString() + " " + argument + " a day per principal")
                    .orElse(UNLIMITED + " " + argument + " (" + basis + ")");
        }
    }

    /**
     * One tool.
     *
     * @param tool the name
     * @param impact its declared impact
     * @param perImpact where its calls of each impact fall (lowest to declared)
     * @param callsPerDay the most calls a day; empty = no limit
     * @param callsBasis the limits the bound comes from ({@code none} when none)
     * @param amount the budgeted argument's largest sum a day, if it has an argument budget
     * @param targets what it can reach, by allowlist key ({@code email_domains}: entries)
     * @param noTargetsDeclared a WRITE or IRREVERSIBLE tool that declares no targets: no allowlist limits it
     */
    public record ToolRadius(String tool, Impact impact, Map<Impact, Reach> perImpact, OptionalLong callsPerDay,
                             String callsBasis, Optional<Amount> amount, Map<String, List<String>> targets,
                             boolean noTargetsDeclared) {
        public ToolRadius {
            requireNonNull(tool, "tool is null");
            requireNonNull(impact, "impact is null");
            perImpact = Collections.unmodifiableMap(new LinkedHashMap<>(perImpact));
            if (perImpact.isEmpty()) {
                throw new IllegalArgumentException("perImpact is empty for " + tool);
            }
            requireNonNull(callsPerDay, "callsPerDay is null");
            requireNonNull(callsBasis, "callsBasis is null");
            requireNonNull(amount, "amount is null");
            Map<String, List<String>> copy = new LinkedHashMap<>();
            targets.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            targets = Collections.unmodifiableMap(copy);
        }

        /** The most permissive reach of any of its calls. */
        public Reach reach() {
            return perImpact.values().stream().min(Enum::compareTo).orElseThrow();
        }

        /** The impacts whose calls fall in {@code reach}. */
        public List<Impact> impactsIn(Reach reach) {
            return perImpact.entrySet().stream().filter(e -> e.getValue() == reach).map(Map.Entry::getKey).toList();
        }

        /** The highest impact that runs unattended, if any. */
        public Optional<Impact> highestUnattended() {
            List<Impact> list = impactsIn(Reach.UNATTENDED);
            return list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
        }

        /** {@code at most 20 a day}, or the unlimited note. */
        public String describeCalls() {
            return callsPerDay.isPresent() ? "at most " + callsPerDay.getAsLong() + " a day (" + callsBasis + ")"
                    : UNLIMITED + (callsBasis.equals("none") ? " (no rate or budget)" : " (" + callsBasis + ")");
        }

        /** {@code email_domains: a, b; tables: ...}, or {@link PermissionManifest#NO_TARGETS}. */
        public String describeTargets() {
            if (noTargetsDeclared) {
                return PermissionManifest.NO_TARGETS + " (no allowlist limits what it acts on)";
            }
            if (targets.isEmpty()) {
                return "-";
            }
            return targets.entrySet().stream()
                    .map(e -> e.getKey() + ": " + (e.getValue().isEmpty() ? "(none inside)" : String.join(", ", e.getValue())))
                    .collect(Collectors.joining("; "));
        }
    }

    public BlastRadius {
        requireNonNull(level, "level is null");
        requireNonNull(approvalGate, "approvalGate is null");
        tools = List.copyOf(tools);
    }

    /** The blast radius of {@code tools} at {@code level} under {@code safety}, with the tools' declared target kinds. */
    public static BlastRadius of(List<? extends Tool> tools, SafetyLevel level, SafetyConfig safety) {
        requireNonNull(tools, "tools is null");
        PermissionManifest manifest = PermissionManifest.of(tools, level, safety);
        boolean gateDenies = safety.approvals().gate() == dev.leash.tiers.config.ApprovalsConfig.Gate.DENY;
        List<ToolRadius> radii = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            Tool tool = tools.get(i);
            PermissionManifest.Row row = manifest.rows().get(i);
            Map<Impact, Reach> perImpact = new LinkedHashMap<>();
            row.perImpact().forEach((impact, treatment) -> perImpact.put(impact, Reach.of(treatment, gateDenies)));
            ToolLimits limits = safety.limitsOf(row.tool());
            Map<String, List<String>> targets = new LinkedHashMap<>();
            for (Target.Kind kind : PermissionManifest.declaredKinds(tool)) {
                targets.put(Allowlists.keyOf(kind), inside(kind, safety.allow()));
            }
            boolean noTargets = targets.isEmpty() && row.impact() != Impact.READ;
            radii.add(new ToolRadius(row.tool(), row.impact(), perImpact, callsPerDay(limits),
                    limits.describe(), amount(limits), targets, noTargets));
        }
        return new BlastRadius(level, manifest.approvalGate(), radii);
    }

    private static List<String> inside(Target.Kind kind, AllowConfig allow) {
        if (kind == Target.Kind.EMAIL_RECIPIENT) {
            return allow.emailDomains();
        } else if (kind == Target.Kind.HTTP_HOST) {
            return allow.httpHosts();
        } else if (kind == Target.Kind.PATH) {
            return allow.paths().orElse(List.of("** (the whole root)"));
        } else if (kind == Target.Kind.SQL_TABLE) {
            return allow.tables().orElse(List.of("* (every table)"));
        }
        return allow.targetsOf(kind.name());
    }

    /** The most calls a day the rate and a call budget allow; empty when neither bounds a day. */
    static OptionalLong callsPerDay(ToolLimits limits) {
        long best = Long.MAX_VALUE;
        if (limits.rate().isPresent()) {
            Rate rate = limits.rate().get();
            best = Math.min(best, Math.multiplyExact((long) rate.permits(), windowsPerDay(rate.period())));
        }
        if (limits.budget().isPresent() && limits.budget().get() instanceof Budget.Calls calls
                && !calls.per().isPerRun()) {
            best = Math.min(best, Math.multiplyExact(calls.max(), windowsPerDay(calls.per().duration().orElseThrow())));
        }
        return best == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(best);
    }

    private static Optional<Amount> amount(ToolLimits limits) {
        if (limits.budget().isPresent() && limits.budget().get() instanceof Budget.ArgumentSum sum) {
            BudgetWindow per = sum.per();
            Optional<BigDecimal> max = per.isPerRun() ? Optional.empty()
                    : Optional.of(sum.max().multiply(BigDecimal.valueOf(windowsPerDay(per.duration().orElseThrow())))
                            .setScale(Math.max(2, sum.max().scale())));
            return Optional.of(new Amount(sum.argument(), max, "budget " + sum));
        }
        return Optional.empty();
    }

    /** How many windows of {@code window} fit in a day, rounded up; 1 for a day or longer. */
    private static long windowsPerDay(Duration window) {
        if (window.compareTo(DAY) >= 0) {
            return 1;
        }
        long n = DAY.toMillis() / window.toMillis();
        return DAY.toMillis() % window.toMillis() == 0 ? n : n + 1;
    }

    /** The tools with calls in {@code reach}. */
    public List<ToolRadius> in(Reach reach) {
        return tools.stream().filter(t -> t.perImpact().containsValue(reach)).toList();
    }

    /** The most unattended calls a day of every tool together; empty when one has no limit. */
    public OptionalLong unattendedCallsPerDay() {
        return sum(in(Reach.UNATTENDED));
    }

    /** The most approvals a day the limits allow; empty when one tool needing approval has no limit. */
    public OptionalLong approvalsPerDay() {
        return sum(in(Reach.APPROVAL));
    }

    private static OptionalLong sum(List<ToolRadius> list) {
        long total = 0;
        for (ToolRadius t : list) {
            if (t.callsPerDay().isEmpty()) {
                return OptionalLong.empty();
            }
            total = Math.addExact(total, t.callsPerDay().getAsLong());
        }
        return OptionalLong.of(total);
    }

    /** The tools whose IRREVERSIBLE calls (deletes, payments, sends) run without a human. */
    public List<String> irreversibleUnattended() {
        return tools.stream().filter(t -> t.perImpact().get(Impact.IRREVERSIBLE) == Reach.UNATTENDED)
                .map(ToolRadius::tool).toList();
    }

    /** The tools whose WRITE or IRREVERSIBLE calls run without a human, with those impacts. */
    public List<String> changesUnattended() {
        return tools.stream().filter(t -> t.highestUnattended().map(i -> i != Impact.READ).orElse(false))
                .map(t -> t.tool() + " (" + impacts(t.impactsIn(Reach.UNATTENDED).stream()
                        .filter(i -> i != Impact.READ).toList()) + ")").toList();
    }

    private static String calls(OptionalLong n) {
        return n.isPresent() ? "at most " + n.getAsLong() : UNLIMITED;
    }

    private static String impacts(List<Impact> list) {
        return list.stream().map(Impact::label).collect(Collectors.joining(", "));
    }

    /** The report as plain text. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append("Blast radius: ").append(level).append(", one day\n");
        text.append("approval gate: ").append(approvalGate).append("\n\n");
        text.append("UNATTENDED (runs without a human):\n");
        List<ToolRadius> unattended = in(Reach.UNATTENDED);
        if (unattended.isEmpty()) {
            text.append("  nothing\n");
        }
        for (ToolRadius t : unattended) {
            text.append("  ").append(t.tool()).append(" (").append(impacts(t.impactsIn(Reach.UNATTENDED))).append(")\n");
            text.append("    calls: ").append(t.describeCalls()).append('\n');
            t.amount().ifPresent(a -> text.append("    amount: ").append(a.describe()).append('\n'));
            text.append("    reaches: ").append(t.describeTargets()).append('\n');
        }
        text.append("\nNEEDS A HUMAN (runs only when a reviewer approves the exact call):\n");
        List<ToolRadius> approval = in(Reach.APPROVAL);
        if (approval.isEmpty()) {
            text.append("  nothing\n");
        }
        for (ToolRadius t : approval) {
            text.append("  ").append(t.tool()).append(" (").append(impacts(t.impactsIn(Reach.APPROVAL))).append(")\n");
            text.append("    approvals: ").append(t.describeCalls()).append('\n');
            t.amount().ifPresent(a -> text.append("    amount: ").append(a.describe()).append('\n'));
            text.append("    reaches: ").append(t.describeTargets()).append('\n');
        }
        text.append("\nNEVER (denied at ").append(level).append("):\n");
        List<ToolRadius> never = in(Reach.NEVER);
        if (never.isEmpty()) {
            text.append("  nothing\n");
        }
        for (ToolRadius t : never) {
            text.append("  ").append(t.tool()).append(" (").append(impacts(t.impactsIn(Reach.NEVER))).append(")\n");
        }
        text.append("\nTOTAL\n");
        text.append("  unattended tools: ").append(names(unattended)).append('\n');
        text.append("  unattended calls a day: ").append(calls(unattendedCallsPerDay())).append('\n');
        text.append("  writes unattended: ").append(changesUnattended().isEmpty() ? "nothing"
                : String.join(", ", changesUnattended())).append('\n');
        text.append("  irreversible unattended: ").append(irreversibleUnattended().isEmpty() ? "nothing"
                : String.join(", ", irreversibleUnattended())).append('\n');
        text.append("  approvals a day: ").append(approval.isEmpty() ? "none needed" : calls(approvalsPerDay())).append('\n');
        return text.toString();
    }

    private static String names(List<ToolRadius> list) {
        return list.isEmpty() ? "none" : list.stream().map(ToolRadius::tool).collect(Collectors.joining(", "));
    }

    /** The report as Markdown, to paste into a review. */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("### Blast radius at ").append(level).append(" (one day)\n\n");
        md.append("Approval gate: ").append(approvalGate).append("\n\n");
        md.append("| Tool | Impact | Unattended | Needs a human | Never | Calls a day | Amount a day | Reaches |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (ToolRadius t : tools) {
            md.append("| `").append(t.tool()).append("` | ").append(t.impact().label()).append(" | ")
                    .append(cell(impacts(t.impactsIn(Reach.UNATTENDED)))).append(" | ")
                    .append(cell(impacts(t.impactsIn(Reach.APPROVAL)))).append(" | ")
                    .append(cell(impacts(t.impactsIn(Reach.NEVER)))).append(" | ")
                    .append(t.reach() == Reach.NEVER ? "-" : md(t.describeCalls())).append(" | ")
                    .append(t.amount().map(a -> md(a.describe())).orElse("-")).append(" | ")
                    .append(md(t.describeTargets())).append(" |\n");
        }
        md.append("\n- Unattended calls a day: **").append(calls(unattendedCallsPerDay())).append("**\n");
        md.append("- Writes unattended: **").append(changesUnattended().isEmpty() ? "nothing"
                : md(String.join(", ", changesUnattended()))).append("**\n");
        md.append("- Irreversible unattended: **").append(irreversibleUnattended().isEmpty() ? "nothing"
                : String.join(", ", irreversibleUnattended())).append("**\n");
        md.append("- Approvals a day: **").append(in(Reach.APPROVAL).isEmpty() ? "none needed"
                : calls(approvalsPerDay())).append("**\n");
        return md.toString();
    }

    private static String cell(String s) {
        return s.isEmpty() ? "-" : s;
    }

    private static String md(String s) {
        return s.replace("|", "\\|").replace("*", "\\*");
    }

    /** The report as JSON ({@link #fromJson} reads it back). */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("level", level.number());
        root.put("approval_gate", approvalGate);
        ArrayNode list = root.putArray("tools");
        for (ToolRadius t : tools) {
            ObjectNode n = list.addObject();
            n.put("name", t.tool());
            n.put("impact", t.impact().label());
            n.put("reach", t.reach().label());
            ObjectNode per = n.putObject("per_impact");
            t.perImpact().forEach((impact, reach) -> per.put(impact.label(), reach.label()));
            if (t.callsPerDay().isPresent()) {
                n.put("calls_per_day", t.callsPerDay().getAsLong());
            } else {
                n.putNull("calls_per_day");
            }
            n.put("limits", t.callsBasis());
            t.amount().ifPresent(a -> {
                ObjectNode amount = n.putObject("amount");
                amount.put("argument", a.argument());
                if (a.maxPerDay().isPresent()) {
                    amount.put("max_per_day", a.maxPerDay().get().toPlainString()); // a string: exact decimal
                } else {
                    amount.putNull("max_per_day");
                }
                amount.put("basis", a.basis());
            });
            ObjectNode targets = n.putObject("targets");
            t.targets().forEach((k, v) -> v.forEach(targets.putArray(k)::add));
            n.put("no_targets_declared", t.noTargetsDeclared());
        }
        ObjectNode total = root.putObject("total");
        in(Reach.UNATTENDED).forEach(t -> total.withArray("unattended_tools").add(t.tool()));
        total.withArray("unattended_tools");
        putCount(total, "unattended_calls_per_day", unattendedCallsPerDay());
        irreversibleUnattended().forEach(total.withArray("irreversible_unattended")::add);
        total.withArray("irreversible_unattended");
        in(Reach.APPROVAL).forEach(t -> total.withArray("approval_tools").add(t.tool()));
        total.withArray("approval_tools");
        putCount(total, "approvals_per_day", approvalsPerDay());
        in(Reach.NEVER).forEach(t -> total.withArray("never").add(t.tool()));
        total.withArray("never");
        return root;
    }

    private static void putCount(ObjectNode node, String key, OptionalLong n) {
        if (n.isPresent()) {
            node.put(key, n.getAsLong());
        } else {
            node.putNull(key);
        }
    }

    /** {@link #toJson()} as indented text. */
    public String toJsonText() {
        return toJson().toPrettyString();
    }

    /**
     * Reads a report {@link #toJson()} wrote.
     *
     * @param source the file it came from, named in errors
     * @throws ConfigurationException when it is not such a report
     */
    public static BlastRadius fromJson(JsonNode root, String source) {
        try {
            SafetyLevel level = SafetyLevel.of(root.required("level").asInt());
            List<ToolRadius> tools = new ArrayList<>();
            for (JsonNode n : root.required("tools")) {
                Map<Impact, Reach> per = new LinkedHashMap<>();
                n.required("per_impact").fields().forEachRemaining(e ->
                        per.put(Impact.parse(e.getKey(), "per_impact"), Reach.parse(e.getValue().asText())));
                JsonNode calls = n.required("calls_per_day");
                Optional<Amount> amount = Optional.empty();
                if (n.hasNonNull("amount")) {
                    JsonNode a = n.get("amount");
                    JsonNode max = a.required("max_per_day");
                    amount = Optional.of(new Amount(a.required("argument").asText(),
                            max.isNull() ? Optional.empty() : Optional.of(new BigDecimal(max.asText())), a.path("basis").asText("")));
                }
                Map<String, List<String>> targets = new LinkedHashMap<>();
                n.path("targets").fields().forEachRemaining(e -> {
                    List<String> values = new ArrayList<>();
                    e.getValue().forEach(v -> values.add(v.asText()));
                    targets.put(e.getKey(), values);
                });
                tools.add(new ToolRadius(n.required("name").asText(), Impact.parse(n.required("impact").asText(), "impact"),
                        per, calls.isNull() ? OptionalLong.empty() : OptionalLong.of(calls.asLong()),
                        n.path("limits").asText("none"), amount, targets, n.path("no_targets_declared").asBoolean(false)));
            }
            return new BlastRadius(level, root.path("approval_gate").asText(""), tools);
        } catch (RuntimeException e) {
            throw ConfigurationException.unreadable(source, "not a blast-radius report (leash blast-radius --json): "
                    + e.getMessage());
        }
    }

    /** The tool names, in order. */
    public Set<String> toolNames() {
        return tools.stream().map(ToolRadius::tool).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }
}
