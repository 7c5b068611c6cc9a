package dev.leash.adoption;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.cli.LeashCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A new user's project, built as they would build it: the library installed into a private
 * repository (never the user's own), a separate Maven project that imports {@code leash-bom} and
 * depends on the installed artifacts, with its own agent module (one tool of each impact), the
 * builder in its tests, the JUnit extension on two scenarios, and the command line on its module.
 *
 * <p>The separate build reads this build's local repository as a read-only file mirror, so it
 * downloads nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeparateProjectTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path WORK = Path.of("target", "adoption").toAbsolutePath();
    static final Path REPO = WORK.resolve("repository");
    static final Path PROJECT = WORK.resolve("shop-agent");
    static final Path SETTINGS = WORK.resolve("settings.xml");
    static final String MODULE = "com.example.shop.ShopAgentModule";

    static String version;

    @BeforeAll
    static void installTheLibraryAndCopyTheProject() throws Exception {
        version = System.getProperty("leash.version");
        assertThat(version).as("leash.version (set by the pom)").isNotBlank();
        String outer = System.getProperty("leash.outer.repository");
        assertThat(outer).as("leash.outer.repository (set by the pom)").isNotBlank();
        deleteRecursively(PROJECT);
        Files.createDirectories(WORK);
        Files.writeString(SETTINGS, """
                <settings>
                  <mirrors>
                    <mirror>
                      <id>outer-build</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(Path.of(outer).toUri()));
        // The published modules only: the parent, the BOM and the five libraries.
        maven(ROOT, "install", "-pl", ":leash-parent,:leash-bom,:agent-api,:agent-core,:tools-std,:guards,:safety-tiers,:agent-eval",
                "-DskipTests", "-Dmaven.javadoc.skip", "-Dmaven.source.skip");
        copyTree(Path.of("src", "it", "shop-agent"), PROJECT);
        Files.createDirectories(PROJECT.resolve(".mvn"));
        Path pom = PROJECT.resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replace("@LEASH_VERSION@", version));
        // The README's "idea in code", as it is written there.
        Path billing = PROJECT.resolve("src/main/java/com/example/billing/Billing.java");
        Files.createDirectories(billing.getParent());
        Files.writeString(billing, readmeIdeaInCode());
    }

    @Test
    @Order(1)
    void theLibraryIsInstalledWithSourcesJavadocAndTheBomButNotTheExamples() {
        Path leash = REPO.resolve("dev/leash");
        for (String module : List.of("agent-api", "agent-core", "tools-std", "safety-tiers", "agent-eval")) {
            assertThat(leash.resolve(module).resolve(version).resolve(module + "-" + version + ".jar")).exists();
        }
        assertThat(leash.resolve("leash-bom").resolve(version).resolve("leash-bom-" + version + ".pom")).exists();
        assertThat(leash.resolve("examples")).doesNotExist();
        assertThat(leash.resolve("benchmarks")).doesNotExist();
        assertThat(leash.resolve("adoption-tests")).doesNotExist();
    }

    @Test
    @Order(1)
    void theBomManagesTheVersionsTheLibraryIsBuiltWith() throws IOException {
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        String bom = Files.readString(ROOT.resolve("leash-bom/pom.xml"));
        for (String property : List.of("langchain4j.version", "slf4j.version", "jackson.version")) {
            assertThat(property(bom, property)).as(property).isEqualTo(property(parent, property));
        }
        assertThat(bom).contains("<version>" + version + "</version>");
    }

    @Test
    @Order(2)
    void theProjectBuildsAndItsOwnTestsPassTheBuilderAndTheRedTeamExtension() throws Exception {
        String log = maven(PROJECT, "verify", "dependency:build-classpath", "-Dmdep.outputFile=classpath.txt");

        Path reports = PROJECT.resolve("target/surefire-reports");
        String redTeam = Files.readString(reports.resolve("TEST-com.example.shop.ShopRedTeamTest.xml"));
        assertThat(redTeam).contains("tests=\"3\"").contains("failures=\"0\"").contains("errors=\"0\"")
                .contains(" shop-refund-pressure at Level 2\"").contains(" shop-refund-pressure at Level 3\"")
                .contains(" shop-benign-note at Level 2\"");
        String builder = Files.readString(reports.resolve("TEST-com.example.shop.ShopAgentTest.xml"));
        assertThat(builder).contains("tests=\"1\"").contains("failures=\"0\"").contains("errors=\"0\"");
        assertThat(PROJECT.resolve("target/classes/com/example/billing/Billing.class")).as(log).exists();
    }

    @Test
    @Order(3)
    void aPlainUserGetsOneSlf4jTwoOneLangchain4jLineAndNoModelClients() throws Exception {
        List<String> jars = Arrays.stream(Files.readString(PROJECT.resolve("classpath.txt")).split(java.io.File.pathSeparator))
                .map(p -> Path.of(p).getFileName().toString()).toList();

        assertThat(jars).filteredOn(j -> j.startsWith("slf4j-api-")).singleElement().asString().startsWith("slf4j-api-2.");
        assertThat(jars).noneMatch(j -> j.startsWith("langchain4j-open-ai") || j.startsWith("langchain4j-anthropic")
                || j.startsWith("langchain4j-ollama"));
        assertThat(jars.stream().filter(j -> j.startsWith("langchain4j-")).map(SeparateProjectTest::versionOf).distinct())
                .singleElement();
    }

    @Test
    @Order(4)
    void leashManifestDocumentsTheProjectsModule() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int status = leash(out, err, "manifest", "--agent-module", MODULE, "--classpath", classes(), "--level", "2",
                "--config", PROJECT.resolve("leash.yaml").toString());

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).containsPattern("order_status +read +yes")
                .containsPattern("add_order_note +write +yes")
                .containsPattern("issue_refund +irreversible +yes")
                .containsPattern("read_file +read +yes");
    }

    @Test
    @Order(5)
    void leashRedteamPlaysTheProjectsScenariosOnItsModule() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int status = leash(out, err, "redteam", "--agent-module", MODULE, "--classpath", classes(),
                "--config", PROJECT.resolve("leash.yaml").toString(), "--scenarios", PROJECT.resolve("src/test/redteam").toString());

        assertThat(status).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("shop-refund-pressure").contains("shop-benign-note").contains("All 4 runs passed.");
    }

    private static String classes() {
        return PROJECT.resolve("target/classes").toString();
    }

    private static int leash(StringWriter out, StringWriter err, String... args) {
        return LeashCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), new StringReader(""));
    }

    /** The first {@code java} block after the README's "The idea in code" heading. */
    static String readmeIdeaInCode() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int section = readme.indexOf("## The idea in code");
        assertThat(section).as("README section 'The idea in code'").isNotNegative();
        Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme.substring(section));
        assertThat(block.find()).as("a java block in 'The idea in code'").isTrue();
        return block.group(1);
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(m.find()).as(name + " in a pom").isTrue();
        return m.group(1);
    }

    private static String versionOf(String jar) {
        Matcher m = Pattern.compile("-(\\d+\\.\\d+\\.\\d+[^-]*?)\\.jar$").matcher(jar);
        return m.find() ? m.group(1) : jar;
    }

    /** Runs the project's Maven wrapper in {@code dir} with the private repository and the mirror; returns its output. */
    private static String maven(Path dir, String... goals) throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-B", "-ntp", "-s", SETTINGS.toString(),
                "-Dmaven.repo.local=" + REPO));
        command.addAll(List.of(goals));
        Path log = Files.createTempFile(WORK, "maven", ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean done = process.waitFor(6, TimeUnit.MINUTES);
        if (!done) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(done && process.exitValue() == 0).as("mvn %s in %s:\n%s", String.join(" ", goals), dir, tail(output)).isTrue();
        return output;
    }

    private static String tail(String text) {
        String[] lines = text.split("\n");
        return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - 60), lines.length));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
