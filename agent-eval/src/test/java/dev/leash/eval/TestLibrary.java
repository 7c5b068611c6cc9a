package dev.leash.eval;

import dev.leash.eval.scenario.Scenario;
import dev.leash.eval.scenario.ScenarioLibrary;
import java.util.List;

/** The built-in library, loaded once for all tests of a run. */
public final class TestLibrary {

    public static final List<Scenario> ALL = ScenarioLibrary.load();

    private TestLibrary() {
    }

    public static Scenario byId(String id) {
        return ALL.stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scenario " + id));
    }
}
