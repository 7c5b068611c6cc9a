package dev.leash.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.api.SafetyLevel;
import dev.leash.eval.scenario.Category;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineTest {

    private static RunMeta meta(String library, SafetyLevel... levels) {
        return new RunMeta(new BuildInfo("1.0.0", Optional.empty()), "c".repeat(64), RunMeta.SCENARIO_DEPLOYMENTS,
                library, 3, List.of(levels), List.of(), RunMeta.BUILT_IN, Instant.parse("2026-12-01T22:00:00Z"));
    }

    private static ScenarioResult pass(String id, SafetyLevel level, String reviewer) {
        return new ScenarioResult(id, Category.DATA_PRESSURE, level, true, List.of(), true, false, List.of(), "COMPLETED",
                0, 1, 2, Optional.empty(), reviewer, 0);
    }

    private static ScenarioResult harmed(String id, SafetyLevel level, String reviewer) {
        return new ScenarioResult(id, Category.DATA_PRESSURE, level, false, List.of("email_sent: mail to x@evil.example"),
                true, false, List.of(), "COMPLETED", 1, 0, 2, Optional.empty(), reviewer, 0);
    }

    private static ScenarioResult notDone(String id, SafetyLevel level) {
        return new ScenarioResult(id, Category.BENIGN, level, false, List.of(), false, true, List.of("file_written path=a.txt"),
                "COMPLETED", 0, 0, 1, Optional.empty(), "approve", 0);
    }

    private static Baseline written(Report report, RunMeta meta, Path dir) {
        Path file = dir.resolve("baseline.json");
        JsonReport.write(JsonReport.toJson(report, meta), file);
        return Baseline.read(file);
    }

    @Test
    void findsRegressionsFixesNewAndGoneResultsAndSaysWhatHappenedNow(@TempDir Path dir) {
        RunMeta then = meta("a".repeat(64), SafetyLevel.LEVEL_2, SafetyLevel.LEVEL_3);
        Baseline baseline = written(new Report(List.of(
                pass("leak", SafetyLevel.LEVEL_2, "deny"),
                pass("twin", SafetyLevel.LEVEL_2, "approve"),
                harmed("fixed-one", SafetyLevel.LEVEL_2, "approve"),
                harmed("still", SafetyLevel.LEVEL_3, "deny"),
                pass("removed", SafetyLevel.LEVEL_2, "deny"),
                pass("leak", SafetyLevel.LEVEL_3, "deny"))), then, dir);
        Report now = new Report(List.of(
                harmed("leak", SafetyLevel.LEVEL_2, "deny"),
                notDone("twin", SafetyLevel.LEVEL_2),
                pass("fixed-one", SafetyLevel.LEVEL_2, "approve"),
                harmed("still", SafetyLevel.LEVEL_3, "deny"),
                harmed("added", SafetyLevel.LEVEL_2, "deny")));

        BaselineComparison c = baseline.compare(now, meta("a".repeat(64), SafetyLevel.LEVEL_2, SafetyLevel.LEVEL_3));

        assertThat(c.regressed()).isTrue();
        assertThat(c.library()).isEqualTo(BaselineComparison.Library.SAME);
        assertThat(c.regressions()).extracting(ch -> ch.after().scenario()).containsExactly("leak", "twin");
        assertThat(c.fixed()).extracting(ch -> ch.after().scenario()).containsExactly("fixed-one");
        assertThat(c.stillFailing()).extracting(ch -> ch.after().scenario()).containsExactly("still");
        assertThat(c.added()).extracting(ScenarioResult::scenario).containsExactly("added");
        assertThat(c.gone()).extracting(Baseline.Entry::scenario).containsExactly("removed", "leak");
        assertThat(c.toText())
                .contains("REGRESSION  L2  leak  reviewer=deny  passed in the baseline; now: harm: email_sent: mail to x@evil.example")
                .contains("REGRESSION  L2  twin  reviewer=approve  passed in the baseline; now: not done: file_written path=a.txt")
                .contains("FIXED       L2  fixed-one  reviewer=approve  failed in the baseline; passes now")
                .contains("NEW         L2  added  reviewer=deny  not in the baseline; fails: harm: email_sent")
                .contains("GONE        L2  removed  reviewer=deny  in the baseline (passed), not played now")
                .contains("GONE        L3  leak  reviewer=deny")
                .contains("2 regressions, 1 fixed, 1 still failing, 1 new, 2 gone, 0 passing as before.")
                .doesNotContain("WARNING");
        assertThat(c.toJson().path("regressions").get(1).path("now").asText()).isEqualTo("not done: file_written path=a.txt");
    }

    @Test
    void nothingRegressedWhenEveryResultThatPassedStillPassesAndLevelsNotPlayedAreNotCompared(@TempDir Path dir) {
        Baseline baseline = written(new Report(List.of(pass("leak", SafetyLevel.LEVEL_2, "deny"),
                harmed("leak", SafetyLevel.LEVEL_3, "deny"))), meta("a".repeat(64), SafetyLevel.LEVEL_2, SafetyLevel.LEVEL_3), dir);

        BaselineComparison c = baseline.compare(new Report(List.of(pass("leak", SafetyLevel.LEVEL_2, "deny"))),
                meta("a".repeat(64), SafetyLevel.LEVEL_2));

        assertThat(c.regressed()).isFalse();
        assertThat(c.gone()).isEmpty();
        assertThat(c.notCompared()).isEqualTo(1);
        assertThat(c.toText()).contains("0 regressions, 0 fixed, 0 still failing, 0 new, 0 gone, 1 passing as before; "
                + "1 baseline results at levels not played now were not compared.");
    }

    @Test
    void resultsPlayedWithSeveralReviewersArePairedByReviewer(@TempDir Path dir) {
        Baseline baseline = written(new Report(List.of(pass("leak", SafetyLevel.LEVEL_2, "deny"),
                pass("leak", SafetyLevel.LEVEL_2, "approve"))), meta("a".repeat(64), SafetyLevel.LEVEL_2), dir);

        BaselineComparison c = baseline.compare(new Report(List.of(pass("leak", SafetyLevel.LEVEL_2, "deny"),
                harmed("leak", SafetyLevel.LEVEL_2, "approve"), pass("leak", SafetyLevel.LEVEL_2, "cautious"))),
                meta("a".repeat(64), SafetyLevel.LEVEL_2));

        assertThat(c.regressions()).extracting(ch -> ch.after().reviewer()).containsExactly("approve");
        assertThat(c.added()).extracting(ScenarioResult::reviewer).containsExactly("cautious");
    }

    @Test
    void aDifferentLibraryOrABaselineWithoutMetaIsComparedWithAWarning(@TempDir Path dir) throws Exception {
        Report report = new Report(List.of(harmed("leak", SafetyLevel.LEVEL_2, "deny")));
        Baseline other = written(new Report(List.of(pass("leak", SafetyLevel.LEVEL_2, "deny"))), meta("b".repeat(64),
                SafetyLevel.LEVEL_2), dir);

        BaselineComparison c = other.compare(report, meta("a".repeat(64), SafetyLevel.LEVEL_2));
        assertThat(c.library()).isEqualTo(BaselineComparison.Library.DIFFERENT);
        assertThat(c.regressed()).isTrue();
        assertThat(c.toText()).contains("WARNING the scenario library differs from the baseline's (library sha256 "
                + "aaaaaaaaaaaa now, bbbbbbbbbbbb in the baseline)").contains("REGRESSION  L2  leak");

        Path old = dir.resolve("old.json");
        JsonReport.write(new Report(List.of(pass("leak", SafetyLevel.LEVEL_2, "deny"))), old);
        BaselineComparison unknown = Baseline.read(old).compare(report, meta("a".repeat(64), SafetyLevel.LEVEL_2));
        assertThat(unknown.library()).isEqualTo(BaselineComparison.Library.UNKNOWN);
        assertThat(unknown.configChanged()).isEmpty();
        assertThat(unknown.toText()).contains("WARNING the baseline records no scenario library hash").contains("REGRESSION  L2  leak");
    }

    @Test
    void refusesAFileThatIsMissingOrNotARedTeamReportNamingIt(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Baseline.read(dir.resolve("none.json"))).hasMessageContaining("none.json")
                .hasMessageContaining("does not exist");
        Path text = Files.writeString(dir.resolve("text.json"), "PASS L2 ...");
        assertThatThrownBy(() -> Baseline.read(text)).hasMessageContaining("text.json").hasMessageContaining("not JSON");
        Path blast = Files.writeString(dir.resolve("blast.json"), "{ \"level\": 2, \"tools\": [] }");
        assertThatThrownBy(() -> Baseline.read(blast)).hasMessageContaining("blast.json")
                .hasMessageContaining("is not a red-team JSON report");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{ \"summary\": {}, \"results\": [ { \"scenario\": \"a\", \"level\": 7, \"passed\": true } ] }");
        assertThatThrownBy(() -> Baseline.read(bad)).hasMessageContaining("bad.json").hasMessageContaining("$.results[0].level");
    }
}
