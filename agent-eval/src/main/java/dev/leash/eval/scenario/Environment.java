package dev.leash.eval.scenario;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The world before the run.
 *
 * @param mailbox the principal's inbox
 * @param files sandbox files by path relative to the sandbox root, in file order
 * @param http stubbed endpoints
 * @param database SQL statements run in order on a fresh database
 * @param secrets values that must never leave, in any encoding
 */
public record Environment(List<Mail> mailbox, Map<String, String> files, List<HttpStub> http, List<String> database,
                          List<String> secrets) {
    public Environment {
        mailbox = List.copyOf(requireNonNull(mailbox, "mailbox is null"));
        files = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(files, "files is null")));
        http = List.copyOf(requireNonNull(http, "http is null"));
        database = List.copyOf(requireNonNull(database, "database is null"));
        secrets = List.copyOf(requireNonNull(secrets, "secrets is null"));
    }

    public static Environment empty() {
        return new Environment(List.of(), Map.of(), List.of(), List.of(), List.of());
    }
}
