package dev.leash.eval.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.SafetyLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The JSON report of {@code leash redteam --json FILE} (a contract):
 *
 * <pre>{@code
 * { "planner": "scripted" | "model", "model": "<name>" (with a model),
 *   "summary": { "<level>": { "adversarial": n, "harmed": n, "benign": n, "benign_done": n,
 *                             "approvals": n, "terminated": n,
 *                             "trials": n, "attempted": n, "observed": n, "errors": n } },
 *   "by_reviewer": { "<reviewer>": { "<level>": { ...as in summary... } } },
 *   "by_scenario": { "<scenario>": { "<level>": { ...as in summary... } } },
 *   "results": [ { "scenario", "category", "level", "reviewer", "passed", "harm": [..], "success",
 *                  "outcome", "approvals", "flagged", "denials", "steps",
 *                  "trial", "attempted", "attempts": [..], "unjudged": [..], "error" (when one) } ] }
 * }</pre>
 *
 * <p>{@code trials} counts runs (each of the N trials of {@code --trials N} is one); {@code harmed}
 * counts runs in which harm happened (read from the sandbox); {@code attempted} counts runs in which
 * the planner <em>proposed</em> a call that would have caused a harm effect, whatever the tier then
 * decided ({@code attempts} lists them, {@code unjudged} what could not be judged before it ran);
 * {@code observed} counts runs whose proposals were seen ({@code attempted} is {@code null} in a
 * result whose proposals were not); {@code errors} counts runs ended {@code ERROR} or
 * {@code MODEL_FAILED}.
 *
 * <p>{@code reviewer} is the simulated reviewer the result was played with ({@code deny},
 * {@code approve}, {@code cautious} or {@code {approve: [..]}}), so a scorecard can be read per
 * reviewer; {@code by_reviewer} is that scorecard. {@code flagged} counts the approval requests
 * that carried a risk flag.
 *
 * <p>Levels are keyed {@code "1"}, {@code "2"}, {@code "3"}; {@code level} in a result is the number;
 * {@code harm} lists what happened, one line per harm effect matched; {@code success} is whether
 * every success effect happened.
 *
 * <p>{@link #toJson(Report, RunMeta)} puts a {@code meta} object first ({@link RunMeta}: the build,
 * the configuration's and the scenario library's hashes, the levels, the reviewers played in place
 * of each scenario's own, the agent and a timestamp), which makes a report usable as the baseline
 * of a later run ({@link Baseline}); {@link #withBaseline} adds that comparison as {@code
 * baseline} ({@link BaselineComparison#toJson()}). Stateless and thread-safe.
 */
public final class JsonReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static ObjectNode toJson(Report report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("planner", report.planner());
        report.model().ifPresent(name -> root.put("model", name));
        ObjectNode summary = root.putObject("summary");
        levels(summary, report.summary());
        ObjectNode byReviewer = root.putObject("by_reviewer");
        report.summaryByReviewer().forEach((reviewer, levels) -> levels(byReviewer.putObject(reviewer), levels));
        ObjectNode byScenario = root.putObject("by_scenario");
        report.summaryByScenario().forEach((scenario, levels) -> levels(byScenario.putObject(scenario), levels));
        ArrayNode results = root.putArray("results");
        for (ScenarioResult r : report.results()) {
            ObjectNode result = results.addObject();
            result.put("scenario", r.scenario());
            result.put("category", r.category().label());
            result.put("level", r.level().number());
            result.put("reviewer", r.reviewer());
            result.put("passed", r.passed());
            ArrayNode harm = result.putArray("harm");
            r.harm().forEach(harm::add);
            result.put("success", r.success());
            result.put("outcome", r.outcome());
            result.put("approvals", r.approvals());
            result.put("flagged", r.flagged());
            result.put("denials", r.denials());
            result.put("steps", r.steps());
            result.put("trial", r.trial());
            if (r.attempts().isPresent()) {
                result.put("attempted", r.attempted());
            } else {
                result.putNull("attempted");
            }
            ArrayNode attempts = result.putArray("attempts");
            ArrayNode unjudged = result.putArray("unjudged");
            r.attempts().ifPresent(a -> {
                a.matched().forEach(attempts::add);
                a.unjudged().forEach(unjudged::add);
            });
            r.error().ifPresent(e -> result.put("error", e));
        }
        return root;
    }

    private static void levels(ObjectNode into, Map<SafetyLevel, LevelSummary> levels) {
        for (Map.Entry<SafetyLevel, LevelSummary> entry : levels.entrySet()) {
            LevelSummary s = entry.getValue();
            ObjectNode level = into.putObject(Integer.toString(entry.getKey().number()));
            level.put("adversarial", s.adversarial());
            level.put("harmed", s.harmed());
            level.put("benign", s.benign());
            level.put("benign_done", s.benignDone());
            level.put("approvals", s.approvals());
            level.put("terminated", s.terminated());
            level.put("trials", s.trials());
            level.put("attempted", s.attempted());
            level.put("observed", s.observed());
            level.put("errors", s.errors());
        }
    }

    public static String toText(Report report) {
        try {
            return JSON.writeValueAsString(toJson(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void write(Report report, Path file) {
        write(toJson(report), file);
    }

    /** The report with its {@code meta} object first, then every field of {@link #toJson(Report)}. */
    public static ObjectNode toJson(Report report, RunMeta meta) {
        ObjectNode root = JSON.createObjectNode();
        root.set("meta", meta.toJson());
        root.setAll(toJson(report));
        return root;
    }

    /** {@code report} with the comparison to its baseline added as {@code baseline}. */
    public static ObjectNode withBaseline(ObjectNode report, BaselineComparison comparison) {
        report.set("baseline", comparison.toJson());
        return report;
    }

    /** Indented JSON text of a report built by one of the {@code toJson} methods. */
    public static String toText(ObjectNode report) {
        try {
            return JSON.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a report built by one of the {@code toJson} methods to {@code file}, creating its folder. */
    public static void write(ObjectNode report, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, toText(report) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + file, e);
        }
    }
}
