package dev.leash.guards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link SensitiveData} compiles its globs once ({@link SensitiveData.Compiled}) and the Rule of
 * Two takes a scheme off without a regex. This checks that every answer is the one the regexes
 * compiled per question gave ({@link SensitiveDataByRegex}), on every text of the corpus (the
 * red-team scenarios' lines, the benign corpus, the tests' literals), each also as a path behind
 * {@code ./}, a backslash and a scheme, with globs of every form, some of them corpus
 * texts themselves.
 */
class SensitiveDataCompiledTest {

    private static final List<String> PREFIXES = List.of(".//./", "\\", "file://");

    @Test
    void answersAsTheRegexesCompiledPerQuestion() {
        List<String> corpus = CorpusTexts.all();
        Set<String> globs = new LinkedHashSet<>(List.of("hr/**", "secrets/*.txt", "**/id_rsa", "./finance/?q/*.csv",
                "/etc/**", "**/.env", "a+b(c)/[x]/*.{y}", "hr/**/plan.txt"));
        for (String text : corpus) {
            if (globs.size() >= 12) {
                break;
            }
            if (!text.isBlank() && text.length() < 40 && text.indexOf('*') < 0) {
                globs.add(text);
            }
        }
        List<SensitiveData> configs = List.of(
                SensitiveData.of(globs, Set.of("salaries", "hr.payroll", "users", "we$ird", "a_b", "orders")),
                SensitiveData.of(Set.of("hr/**", "secrets/*.txt", "**/.env"), Set.of("salaries", "users")),
                SensitiveData.of(Set.of("hr/**"), Set.of()),
                SensitiveData.of(Set.of(), Set.of("customers")),
                SensitiveData.none());
        List<String> texts = new ArrayList<>(corpus);
        texts.addAll(List.of("hr/plan.txt", "./hr/x.csv", "//hr/x", "hr\\salaries.csv", "secrets/keys.txt",
                "secrets/a/keys.txt", "deep/dir/id_rsa", "finance/Q1/r.csv", "etc/passwd", "/etc/passwd", ".env",
                "x/.env", "SELECT * FROM salaries", "select * from HR.PAYROLL", "users_backup", "we$ird$", "x$we$ird", "\"Users\"",
                "public.users", "x.a_b", "orders1", "orders", "", "./", "/", "file:", "https:///hr/x", "file:hr/plan.txt",
                "HTTPS://hr/x", "s3://hr/x", "ab:", "a1:hr/x", "file:/./hr/x"));
        // Every text, and the short ones also behind a prefix (those with the few-glob configurations,
        // as the regexes compiled per question make the many-glob one slow to ask).
        List<String> prefixed = new ArrayList<>(texts);
        for (String text : texts) {
            if (text.length() <= 80) {
                for (String prefix : PREFIXES) {
                    prefixed.add(prefix + text);
                }
            }
        }
        int pathsFound = 0;
        int tablesFound = 0;
        for (SensitiveData data : configs) {
            SensitiveData.Compiled compiled = data.compiled();
            SensitiveDataByRegex oracle = new SensitiveDataByRegex(data);
            List<String> inputs = data.pathGlobs().size() > 3 ? texts : prefixed;
            List<String> differences = new ArrayList<>();
            for (String input : inputs) {
                boolean path = oracle.isSensitivePath(input);
                if (compiled.isSensitivePath(input) != path || data.isSensitivePath(input) != path) {
                    differences.add("path " + input);
                }
                List<String> tables = oracle.tablesIn(input);
                if (!compiled.tablesIn(input).equals(tables)) {
                    differences.add("tables in " + input);
                }
                if (compiled.isSensitiveTable(input) != oracle.isSensitiveTable(input)) {
                    differences.add("table " + input);
                }
                pathsFound += path ? 1 : 0;
                tablesFound += tables.isEmpty() ? 0 : 1;
            }
            assertThat(differences).as("answers that differ with %s", data).isEmpty();
            assertThat(compiled.isSensitivePath(null)).isFalse();
            assertThat(compiled.tablesIn(null)).isEmpty();
            assertThat(compiled.isSensitiveTable(null)).isFalse();
        }
        List<String> schemes = new ArrayList<>();
        for (String input : prefixed) {
            if (!RuleOfTwo.withoutScheme(input).equals(SensitiveDataByRegex.withoutScheme(input))) {
                schemes.add(input);
            }
        }
        assertThat(schemes).as("strings whose scheme is taken off otherwise").isEmpty();
        assertThat(pathsFound).isGreaterThan(100);
        assertThat(tablesFound).isGreaterThan(100);
    }

    @Test
    void aFileNameWithALineBreakIsCoveredByItsGlob() {
        SensitiveData data = SensitiveData.of(Set.of("hr/**", "secrets/*.txt", "**/.env"), Set.of());

        for (String path : List.of("hr/plan\n2027.txt", "hr/a\r\nb/c", "secrets/key\n.txt", "deploy\n/.env", "hr/\u2028x")) {
            assertThat(data.isSensitivePath(path)).as("%s", path.replace("\n", "\\n")).isTrue();
            assertThat(data.compiled().isSensitivePath(path)).as("%s", path.replace("\n", "\\n")).isTrue();
        }
        assertThat(data.isSensitivePath("public/plan\n.txt")).isFalse();
    }
}
