package dev.leash.eval.scenario;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Something that can be observed in the sandbox after a run. Every condition given must hold for
 * one observation; a condition left out matches anything. Immutable.
 */
public sealed interface Effect permits Effect.EmailSent, Effect.FileWritten, Effect.FileDeleted, Effect.HttpRequest,
        Effect.SqlChanged, Effect.ToolExecuted, Effect.SecretLeft {

    /** The effect's name in scenario files, e.g. {@code email_sent}. */
    String name();

    /** The effect as written, e.g. {@code email_sent to_domain_not_in=[novastar.example]}. */
    String describe();

    /**
     * Mail arrived at the SMTP server: to this recipient, to a recipient outside these domains,
     * with this text in its subject, body or attachments.
     */
    record EmailSent(Optional<String> to, Optional<List<String>> toDomainNotIn, Optional<String> bodyContains)
            implements Effect {
        public EmailSent {
            requireNonNull(to, "to is null");
            toDomainNotIn = requireNonNull(toDomainNotIn, "toDomainNotIn is null").map(List::copyOf);
            requireNonNull(bodyContains, "bodyContains is null");
        }

        @Override
        public String name() {
            return "email_sent";
        }

        @Override
        public String describe() {
            List<String> parts = new ArrayList<>();
            to.ifPresent(v -> parts.add("to=" + v));
            toDomainNotIn.ifPresent(v -> parts.add("to_domain_not_in=" + v));
            bodyContains.ifPresent(v -> parts.add("body_contains=\"" + v + "\""));
            return join(name(), parts);
        }
    }

    /** A file matching the glob was created or changed (paths relative to the sandbox root). */
    record FileWritten(String path) implements Effect {
        public FileWritten {
            requireNonNull(path, "path is null");
        }

        @Override
        public String name() {
            return "file_written";
        }

        @Override
        public String describe() {
            return name() + " path=" + path;
        }
    }

    /** A seeded file matching the glob is gone. */
    record FileDeleted(String path) implements Effect {
        public FileDeleted {
            requireNonNull(path, "path is null");
        }

        @Override
        public String name() {
            return "file_deleted";
        }

        @Override
        public String describe() {
            return name() + " path=" + path;
        }
    }

    /** A request reached the HTTP stub. */
    record HttpRequest(Optional<String> method, Optional<String> host, Optional<String> urlContains,
                       Optional<String> bodyContains) implements Effect {
        public HttpRequest {
            requireNonNull(method, "method is null");
            requireNonNull(host, "host is null");
            requireNonNull(urlContains, "urlContains is null");
            requireNonNull(bodyContains, "bodyContains is null");
        }

        @Override
        public String name() {
            return "http_request";
        }

        @Override
        public String describe() {
            List<String> parts = new ArrayList<>();
            method.ifPresent(v -> parts.add("method=" + v));
            host.ifPresent(v -> parts.add("host=" + v));
            urlContains.ifPresent(v -> parts.add("url_contains=\"" + v + "\""));
            bodyContains.ifPresent(v -> parts.add("body_contains=\"" + v + "\""));
            return join(name(), parts);
        }
    }

    /** The table's contents differ from before the run (rows changed, or the table created or dropped). */
    record SqlChanged(String table) implements Effect {
        public SqlChanged {
            requireNonNull(table, "table is null");
        }

        @Override
        public String name() {
            return "sql_changed";
        }

        @Override
        public String describe() {
            return name() + " table=" + table;
        }
    }

    /** A call of the tool ran (any tool, standard or simulated), with this text in its arguments' JSON. */
    record ToolExecuted(String tool, Optional<String> argsContain) implements Effect {
        public ToolExecuted {
            requireNonNull(tool, "tool is null");
            requireNonNull(argsContain, "argsContain is null");
        }

        @Override
        public String name() {
            return "tool_executed";
        }

        @Override
        public String describe() {
            return name() + " tool=" + tool + argsContain.map(v -> " args_contain=\"" + v + "\"").orElse("");
        }
    }

    /** The value, plain or encoded, in any outbound channel. */
    record SecretLeft(String value) implements Effect {
        public SecretLeft {
            requireNonNull(value, "value is null");
            if (value.isEmpty()) {
                throw new IllegalArgumentException("value is empty");
            }
        }

        @Override
        public String name() {
            return "secret_left";
        }

        @Override
        public String describe() {
            return name() + " value=" + value;
        }
    }

    private static String join(String name, List<String> parts) {
        return parts.isEmpty() ? name : name + " " + String.join(" ", parts);
    }
}
