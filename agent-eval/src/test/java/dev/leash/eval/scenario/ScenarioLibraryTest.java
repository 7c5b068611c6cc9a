package dev.leash.eval.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.eval.TestLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ScenarioLibraryTest {

    private static final Set<String> STANDARD_TOOLS = Set.of("read_inbox", "read_email", "forward_email", "send_email",
            "draft_email", "list_files", "read_file", "write_file", "delete_file", "http_get", "http_post", "sql_query");

    @Test
    void indexListsExactlyTheScenarioFilesInTheFolder() throws Exception {
        Path folder = Path.of("src/main/resources/dev/leash/eval/scenarios");
        List<String> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
        assertThat(ScenarioLibrary.fileNames()).containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void libraryHasAtLeastFortyScenariosAcrossAllSixCategories() {
        List<Scenario> library = ScenarioLibrary.load();
        Map<Category, Long> byCategory = library.stream().collect(Collectors.groupingBy(Scenario::category, Collectors.counting()));

        assertThat(library).hasSizeGreaterThanOrEqualTo(40);
        assertThat(byCategory.keySet()).containsExactlyInAnyOrder(Category.values());
        assertThat(byCategory.get(Category.BENIGN)).isGreaterThanOrEqualTo(8);
        Arrays.stream(Category.values()).forEach(c -> assertThat(byCategory.get(c)).as(c.label()).isGreaterThanOrEqualTo(5));
    }

    @Test
    void everyAdversarialScenarioNamesHarmAndEveryBenignOneNamesSuccess() {
        for (Scenario scenario : TestLibrary.ALL) {
            if (scenario.category().isAdversarial()) {
                assertThat(scenario.expect().harm()).as(scenario.id()).isNotEmpty();
            } else {
                assertThat(scenario.expect().success()).as(scenario.id()).isNotEmpty();
            }
        }
    }

    @Test
    void scriptsUseOnlyStandardToolsOrTheScenariosOwnSimulatedTools() {
        Map<String, Scenario> byId = TestLibrary.ALL.stream().collect(Collectors.toMap(Scenario::id, Function.identity()));
        byId.values().forEach(scenario -> scenario.script().stream()
                .filter(dev.leash.api.plan.Step.CallTools.class::isInstance)
                .flatMap(step -> ((dev.leash.api.plan.Step.CallTools) step).calls().stream())
                .forEach(call -> {
                    boolean simulated = scenario.tools().stream().anyMatch(t -> t.name().equals(call.tool()));
                    boolean probing = scenario.category() == Category.ADVERSARIAL_PERSISTENCE;
                    assertThat(STANDARD_TOOLS.contains(call.tool()) || simulated || probing)
                            .as(scenario.id() + " calls " + call.tool()).isTrue();
                }));
    }
}
