package dev.leash.eval.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A red-team report compared with its {@link Baseline}: which results <b>regressed</b> (passed in
 * the baseline, fail now), which were <b>fixed</b> (failed then, pass now), which still fail, which
 * are new since the baseline and which are gone from it. Only a regression fails {@code leash
 * redteam --baseline}; new and gone results are listed, not counted as regressions.
 *
 * <p>The comparison says whether the two reports played the same scenario library ({@link
 * #library()}): when the library's hash differs, results are still compared by scenario id and
 * level, and {@link #toText()} warns that a changed scenario may not be comparable. Immutable and
 * thread-safe.
 *
 * @param baseline the baseline
 * @param now what the new report was played with
 * @param compared the results found in both, each with its baseline entry
 * @param added results not in the baseline
 * @param gone baseline results not played now, at levels played now
 * @param notCompared baseline results at levels not played now
 */
public record BaselineComparison(Baseline baseline, RunMeta now, List<Change> compared, List<ScenarioResult> added,
                                 List<Baseline.Entry> gone, int notCompared) {

    public BaselineComparison {
        requireNonNull(baseline, "baseline is null");
        requireNonNull(now, "now is null");
        compared = List.copyOf(requireNonNull(compared, "compared is null"));
        added = List.copyOf(requireNonNull(added, "added is null"));
        gone = List.copyOf(requireNonNull(gone, "gone is null"));
    }

    /** Whether the two reports played the same scenario library. */
    public enum Library {
        /** Same library hash. */
        SAME,
        /** Different library hash: scenarios were added, removed or changed. */
        DIFFERENT,
        /** The baseline records no hash (written before reports had {@code meta}). */
        UNKNOWN
    }

    /**
     * One result found in both reports.
     *
     * @param before the baseline's result
     * @param after the result now
     */
    public record Change(Baseline.Entry before, ScenarioResult after) {
        public Change {
            requireNonNull(before, "before is null");
            requireNonNull(after, "after is null");
        }

        public boolean regressed() {
            return before.passed() && !after.passed();
        }

        public boolean fixed() {
            return !before.passed() && after.passed();
        }
    }

    public List<Change> regressions() {
        return compared.stream().filter(Change::regressed).toList();
    }

    public List<Change> fixed() {
        return compared.stream().filter(Change::fixed).toList();
    }

    public List<Change> stillFailing() {
        return compared.stream().filter(c -> !c.before().passed() && !c.after().passed()).toList();
    }

    /** True when at least one result that passed in the baseline fails now. */
    public boolean regressed() {
        return compared.stream().anyMatch(Change::regressed);
    }

    public Library library() {
        return baseline.meta().map(m -> m.librarySha256().equals(now.librarySha256()) ? Library.SAME : Library.DIFFERENT)
                .orElse(Library.UNKNOWN);
    }

    /** Whether the configuration changed since the baseline; empty when the baseline does not say. */
    public Optional<Boolean> configChanged() {
        return baseline.meta().map(m -> !m.configSha256().equals(now.configSha256()));
    }

    /** What a failed result did now: its harm, the success effects missing, or its error. */
    public static String whatHappened(ScenarioResult r) {
        List<String> parts = new ArrayList<>();
        r.error().ifPresent(e -> parts.add("error: " + e));
        r.harm().forEach(h -> parts.add("harm: " + h));
        if (r.successRequired()) {
            r.missing().forEach(m -> parts.add("not done: " + m));
        }
        if (parts.isEmpty()) {
            parts.add("outcome " + r.outcome());
        }
        return String.join("; ", parts);
    }

    /** The comparison for people: warnings, then a line per regression, fix, new and gone result, then the counts. */
    public String toText() {
        StringBuilder text = new StringBuilder("Baseline ").append(baseline.source());
        baseline.meta().ifPresent(m -> text.append(": build ").append(m.build().describe()).append(", ").append(m.timestamp()));
        text.append('\n');
        switch (library()) {
            case DIFFERENT -> text.append("WARNING the scenario library differs from the baseline's (library sha256 ")
                    .append(shortHash(now.librarySha256())).append(" now, ")
                    .append(shortHash(baseline.meta().orElseThrow().librarySha256()))
                    .append(" in the baseline): results are still compared by scenario id and level, but a changed "
                            + "scenario may not be comparable\n");
            case UNKNOWN -> text.append("WARNING the baseline records no scenario library hash (no \"meta\"): results are "
                    + "compared by scenario id and level, whatever the scenarios were\n");
            case SAME -> text.append("Scenario library: the same as the baseline's (library sha256 ")
                    .append(shortHash(now.librarySha256())).append(")\n");
        }
        configChanged().ifPresent(changed -> text.append("Configuration: ")
                .append(changed ? "changed since the baseline (config sha256 " + shortHash(now.configSha256()) + " now, "
                        + shortHash(baseline.meta().orElseThrow().configSha256()) + " in the baseline)"
                        : "the same as the baseline's (config sha256 " + shortHash(now.configSha256()) + ")")
                .append('\n'));
        for (Change c : regressions()) {
            text.append(row("REGRESSION", c.after())).append("passed in the baseline; now: ")
                    .append(whatHappened(c.after())).append('\n');
        }
        for (Change c : fixed()) {
            text.append(row("FIXED", c.after())).append("failed in the baseline; passes now\n");
        }
        for (ScenarioResult r : added) {
            text.append(row("NEW", r)).append("not in the baseline; ")
                    .append(r.passed() ? "passes" : "fails: " + whatHappened(r)).append('\n');
        }
        for (Baseline.Entry e : gone) {
            text.append(String.format("%-11s L%d  %s%s  ", "GONE", e.level().number(), e.scenario(),
                    e.reviewer().map(r -> "  reviewer=" + r).orElse("")))
                    .append("in the baseline (").append(e.passed() ? "passed" : "failed").append("), not played now\n");
        }
        int unchanged = compared.size() - regressions().size() - fixed().size() - stillFailing().size();
        text.append(count(regressions().size(), "regression")).append(", ")
                .append(fixed().size()).append(" fixed, ")
                .append(stillFailing().size()).append(" still failing, ")
                .append(added.size()).append(" new, ")
                .append(gone.size()).append(" gone, ")
                .append(unchanged).append(" passing as before");
        if (notCompared > 0) {
            text.append("; ").append(notCompared).append(" baseline results at levels not played now were not compared");
        }
        return text.append(".\n").toString();
    }

    /** The {@code baseline} object of the JSON report. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("file", baseline.source());
        node.put("library", library().name().toLowerCase(java.util.Locale.ROOT));
        configChanged().ifPresentOrElse(c -> node.put("config_changed", c), () -> node.putNull("config_changed"));
        node.put("regressed", regressed());
        ArrayNode regressions = node.putArray("regressions");
        regressions().forEach(c -> result(regressions.addObject(), c.after()).put("now", whatHappened(c.after())));
        ArrayNode fixed = node.putArray("fixed");
        fixed().forEach(c -> result(fixed.addObject(), c.after()));
        ArrayNode still = node.putArray("still_failing");
        stillFailing().forEach(c -> result(still.addObject(), c.after()).put("now", whatHappened(c.after())));
        ArrayNode newResults = node.putArray("new");
        added.forEach(r -> result(newResults.addObject(), r).put("passed", r.passed()));
        ArrayNode goneResults = node.putArray("gone");
        for (Baseline.Entry e : gone) {
            ObjectNode g = goneResults.addObject();
            g.put("scenario", e.scenario());
            g.put("level", e.level().number());
            g.put("reviewer", e.reviewer().orElse(null));
            g.put("passed", e.passed());
        }
        node.put("not_compared", notCompared);
        return node;
    }

    private static ObjectNode result(ObjectNode into, ScenarioResult r) {
        into.put("scenario", r.scenario());
        into.put("level", r.level().number());
        into.put("reviewer", r.reviewer());
        return into;
    }

    private static String row(String label, ScenarioResult r) {
        return String.format("%-11s L%d  %s  reviewer=%s  ", label, r.level().number(), r.scenario(), r.reviewer());
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String shortHash(String sha256) {
        return sha256.length() > 12 ? sha256.substring(0, 12) : sha256;
    }
}
