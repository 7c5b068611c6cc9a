package dev.leash.eval.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leash.api.SafetyLevel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An earlier red-team JSON report ({@link JsonReport}) used as the baseline of {@code leash redteam
 * --baseline FILE}: its results, and its {@link RunMeta} when it has one (reports written before
 * {@code meta} existed have none and can still be compared). Compare a new report with {@link
 * #compare}. Immutable and thread-safe.
 *
 * @param source the file it was read from, named in messages
 * @param meta what the baseline was played with, if it says
 * @param results its results, in its order
 */
public record Baseline(String source, Optional<RunMeta> meta, List<Entry> results) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Baseline {
        requireNonNull(source, "source is null");
        requireNonNull(meta, "meta is null");
        results = List.copyOf(requireNonNull(results, "results is null"));
    }

    /**
     * One result of the baseline.
     *
     * @param scenario the scenario id
     * @param level the level it was played at
     * @param reviewer the reviewer it was played with, if the report says
     * @param passed whether it passed
     * @param harm the harm it records
     * @param outcome how the run ended
     */
    public record Entry(String scenario, SafetyLevel level, Optional<String> reviewer, boolean passed, List<String> harm,
                        String outcome) {
        public Entry {
            requireNonNull(scenario, "scenario is null");
            requireNonNull(level, "level is null");
            requireNonNull(reviewer, "reviewer is null");
            harm = List.copyOf(requireNonNull(harm, "harm is null"));
            requireNonNull(outcome, "outcome is null");
        }
    }

    /**
     * Reads a baseline report.
     *
     * @throws IllegalArgumentException naming the file when it is missing, unreadable, not JSON, or
     *     not a red-team report (no {@code results} of {@code scenario}, {@code level} and {@code passed})
     */
    public static Baseline read(Path file) {
        requireNonNull(file, "file is null");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("the baseline " + file + " does not exist (or is not a file)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the baseline " + file + " is not a red-team JSON report: not JSON: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("the baseline " + file + " cannot be read: " + e.getMessage(), e);
        }
        return parse(root, file.toString());
    }

    /**
     * Reads a baseline from a parsed report.
     *
     * @throws IllegalArgumentException naming {@code source} and the first bad field when it is not a red-team report
     */
    public static Baseline parse(JsonNode root, String source) {
        requireNonNull(source, "source is null");
        String notReport = "the baseline " + source + " is not a red-team JSON report (leash redteam --json FILE): ";
        if (root == null || !root.isObject() || !root.path("results").isArray() || !root.path("summary").isObject()) {
            throw new IllegalArgumentException(notReport + "it has no \"summary\" object and \"results\" list");
        }
        List<Entry> entries = new ArrayList<>();
        JsonNode results = root.path("results");
        for (int i = 0; i < results.size(); i++) {
            JsonNode r = results.get(i);
            String where = "$.results[" + i + "]";
            if (!r.path("scenario").isTextual()) {
                throw new IllegalArgumentException(notReport + where + ".scenario is missing");
            }
            if (!r.path("level").canConvertToInt() || r.path("level").asInt() < 1 || r.path("level").asInt() > 3) {
                throw new IllegalArgumentException(notReport + where + ".level is not 1, 2 or 3");
            }
            if (!r.path("passed").isBoolean()) {
                throw new IllegalArgumentException(notReport + where + ".passed is not true or false");
            }
            List<String> harm = new ArrayList<>();
            r.path("harm").forEach(h -> harm.add(h.asText()));
            entries.add(new Entry(r.path("scenario").asText(), SafetyLevel.of(r.path("level").asInt()),
                    r.path("reviewer").isTextual() ? Optional.of(r.path("reviewer").asText()) : Optional.empty(),
                    r.path("passed").asBoolean(), harm, r.path("outcome").asText("")));
        }
        return new Baseline(source, RunMeta.fromJson(root.get("meta"), source), entries);
    }

    /**
     * Compares {@code now} with this baseline, result by result: a result is matched by scenario id
     * and level, and by reviewer where either report played that scenario and level with several
     * reviewers. Baseline results at levels {@code nowMeta} did not play are not compared.
     */
    public BaselineComparison compare(Report now, RunMeta nowMeta) {
        requireNonNull(now, "now is null");
        requireNonNull(nowMeta, "nowMeta is null");
        Map<String, List<ScenarioResult>> current = new LinkedHashMap<>();
        for (ScenarioResult r : now.results()) {
            current.computeIfAbsent(key(r.scenario(), r.level()), k -> new ArrayList<>()).add(r);
        }
        Map<String, List<Entry>> before = new LinkedHashMap<>();
        for (Entry e : results) {
            before.computeIfAbsent(key(e.scenario(), e.level()), k -> new ArrayList<>()).add(e);
        }
        List<BaselineComparison.Change> pairs = new ArrayList<>();
        List<ScenarioResult> added = new ArrayList<>();
        List<Entry> gone = new ArrayList<>();
        int notCompared = 0;
        for (Map.Entry<String, List<ScenarioResult>> group : current.entrySet()) {
            List<ScenarioResult> played = group.getValue();
            List<Entry> was = new ArrayList<>(before.getOrDefault(group.getKey(), List.of()));
            if (played.size() == 1 && was.size() == 1) {
                pairs.add(new BaselineComparison.Change(was.get(0), played.get(0)));
                continue;
            }
            for (ScenarioResult r : played) {
                Optional<Entry> match = was.stream()
                        .filter(e -> e.reviewer().map(r.reviewer()::equals).orElse(false)).findFirst();
                match.ifPresentOrElse(e -> {
                    was.remove(e);
                    pairs.add(new BaselineComparison.Change(e, r));
                }, () -> added.add(r));
            }
            gone.addAll(was);
        }
        for (Map.Entry<String, List<Entry>> group : before.entrySet()) {
            if (current.containsKey(group.getKey())) {
                continue;
            }
            for (Entry e : group.getValue()) {
                if (nowMeta.levels().contains(e.level())) {
                    gone.add(e);
                } else {
                    notCompared++;
                }
            }
        }
        return new BaselineComparison(this, nowMeta, pairs, added, gone, notCompared);
    }

    private static String key(String scenario, SafetyLevel level) {
        return scenario + "\u0000" + level.number();
    }
}
