package dev.leash.tools.sql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Reads a SQL corpus of the oracle tests: one {@code [both|h2|pg] <sql>} per line, {@code #} comments. */
final class SqlCorpus {

    private SqlCorpus() {
    }

    static List<SqlImpactOracleTest.Entry> read(String name) throws IOException {
        List<SqlImpactOracleTest.Entry> entries = new ArrayList<>();
        try (InputStream in = SqlCorpus.class.getResourceAsStream("/sql/" + name)) {
            Objects.requireNonNull(in, "sql/" + name + " is not on the test classpath");
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int close = line.indexOf("] ");
                String tag = close < 0 ? "" : line.substring(1, close);
                if (!line.startsWith("[") || !List.of("both", "h2", "pg").contains(tag)) {
                    throw new IllegalStateException(name + " line " + (i + 1) + ": expected [both|h2|pg] <sql>: " + line);
                }
                entries.add(new SqlImpactOracleTest.Entry(tag, line.substring(close + 2), i + 1));
            }
        }
        return entries;
    }
}
