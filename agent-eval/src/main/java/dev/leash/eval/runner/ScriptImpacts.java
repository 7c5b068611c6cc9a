package dev.leash.eval.runner;

import dev.leash.api.tool.Impact;
import dev.leash.eval.scenario.Scenario;
import dev.leash.eval.scenario.SimulatedToolSpec;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The impact of a scripted call as DESIGN's standard tool table defines it (and, for simulated
 * tools, as the scenario declares it), without running anything: {@code sql_query} by statement
 * (SELECT is READ; INSERT, UPDATE, MERGE are WRITE; anything else IRREVERSIBLE; several statements
 * take the highest). Stateless and thread-safe.
 */
public final class ScriptImpacts {

    /** DESIGN's standard tools and their impact (sql_query: the highest). */
    public static final Map<String, Impact> STANDARD_TOOLS = Map.ofEntries(
            Map.entry("list_files", Impact.READ),
            Map.entry("read_file", Impact.READ),
            Map.entry("write_file", Impact.WRITE),
            Map.entry("delete_file", Impact.IRREVERSIBLE),
            Map.entry("http_get", Impact.READ),
            Map.entry("http_post", Impact.WRITE),
            Map.entry("read_inbox", Impact.READ),
            Map.entry("read_email", Impact.READ),
            Map.entry("draft_email", Impact.WRITE),
            Map.entry("send_email", Impact.IRREVERSIBLE),
            Map.entry("forward_email", Impact.IRREVERSIBLE),
            Map.entry("sql_query", Impact.IRREVERSIBLE));

    private ScriptImpacts() {
    }

    /** The impact of calling {@code tool} with {@code sql} (for sql_query); empty for an unknown tool. */
    public static Optional<Impact> of(Scenario scenario, String tool, Optional<String> sql) {
        for (SimulatedToolSpec simulated : scenario.tools()) {
            if (simulated.name().equals(tool)) {
                return Optional.of(simulated.impact());
            }
        }
        if (tool.equals("sql_query")) {
            return Optional.of(sql.map(ScriptImpacts::ofSql).orElse(Impact.IRREVERSIBLE));
        }
        return Optional.ofNullable(STANDARD_TOOLS.get(tool));
    }

    /** The impact of SQL text by its statements' first keywords. */
    public static Impact ofSql(String sql) {
        Impact highest = Impact.READ;
        boolean any = false;
        for (String statement : sql.split(";")) {
            String trimmed = statement.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            any = true;
            String keyword = trimmed.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
            Impact impact = switch (keyword) {
                case "SELECT" -> Impact.READ;
                case "INSERT", "UPDATE", "MERGE" -> Impact.WRITE;
                default -> Impact.IRREVERSIBLE;
            };
            highest = Impact.max(highest, impact);
        }
        return any ? highest : Impact.IRREVERSIBLE;
    }
}
