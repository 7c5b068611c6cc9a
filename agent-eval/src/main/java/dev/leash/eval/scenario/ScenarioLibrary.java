package dev.leash.eval.scenario;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in scenario library, shipped as resources under {@link #FOLDER}. The file
 * {@code index.txt} in that folder lists the scenario files, one a line ({@code #} starts a
 * comment), so the library can be listed from a jar. Stateless and thread-safe.
 */
public final class ScenarioLibrary {

    /** Where the library lives on the classpath. */
    public static final String FOLDER = "/dev/leash/eval/scenarios/";

    private ScenarioLibrary() {
    }

    /** The file names listed in the index, in order. */
    public static List<String> fileNames() {
        try (InputStream in = ScenarioLibrary.class.getResourceAsStream(FOLDER + "index.txt")) {
            if (in == null) {
                throw new IllegalStateException("the scenario library index " + FOLDER + "index.txt is missing");
            }
            List<String> names = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
            return List.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the scenario library index", e);
        }
    }

    /** Every built-in scenario, validated, in index order. */
    public static List<Scenario> load() {
        return load(new ScenarioLoader());
    }

    public static List<Scenario> load(ScenarioLoader loader) {
        List<Scenario> scenarios = new ArrayList<>();
        for (String name : fileNames()) {
            String resource = FOLDER + name;
            try (InputStream in = ScenarioLibrary.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw ScenarioException.unreadable("classpath:" + resource, "listed in index.txt but missing", null);
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                scenarios.add(loader.parse(text, "classpath:" + resource, name.endsWith(".json")));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return ScenarioLoader.requireUniqueIds(scenarios);
    }
}
