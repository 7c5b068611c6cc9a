package dev.leash.eval.scenario;

import dev.leash.api.LeashException;
import java.util.List;

/**
 * A scenario file is unreadable or invalid. The message names the file, the field (as a JSON
 * path, e.g. {@code $.expect.harm[0].effect}) and what was wrong; {@link #problems()} lists each.
 */
public final class ScenarioException extends LeashException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final List<String> problems;

    private ScenarioException(String source, List<String> problems, Throwable cause) {
        super(message(source, problems), cause);
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The file (or resource) at fault. */
    public String source() {
        return source;
    }

    /** Each problem, as {@code field: what was wrong}. */
    public List<String> problems() {
        return problems;
    }

    public static ScenarioException invalid(String source, List<String> problems) {
        return new ScenarioException(source, problems, null);
    }

    public static ScenarioException invalid(String source, String field, String problem) {
        return new ScenarioException(source, List.of(field + ": " + problem), null);
    }

    public static ScenarioException unreadable(String source, String problem, Throwable cause) {
        return new ScenarioException(source, List.of(problem), cause);
    }

    private static String message(String source, List<String> problems) {
        if (problems.size() == 1) {
            return "Invalid scenario " + source + ": " + problems.get(0);
        }
        return "Invalid scenario " + source + ":\n  " + String.join("\n  ", problems);
    }
}
