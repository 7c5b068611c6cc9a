package dev.leash.core.exec;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The stores (files, tables, hosts, a custom tool's targets) that a WRITE or IRREVERSIBLE call
 * may have filled with untrusted content: the call ran after its run had read untrusted content,
 * or its own result was untrusted (an {@code INSERT ... SELECT} from an untrusted table), or it
 * did not finish cleanly in such a run. What is later read from such a store is untrusted, even
 * where {@code safety.trusted} trusts it, so that content does not become trusted by being
 * written somewhere trusted and read back, in the same run or a later one.
 *
 * <p>A store is a target: a path is tainted with every path under it and every folder above it
 * (a listing shows the names written), a table by its name without schema, case-insensitive; a
 * host, and a target of any other kind, by its value, case-insensitive. Nothing is ever
 * forgotten by the executor: a store whose content a person has checked is cleared by removing
 * its line from the file of {@link #file}, or by a new in-memory store.
 *
 * <p>{@link #inMemory()} remembers for the life of the executor (every run of the process);
 * {@link #file(Path)} also across restarts: one line per store ({@code kind TAB value TAB run TAB
 * sources}), appended and forced to disk before the call's result is handed back. A line that
 * cannot be read taints everything (fail closed). Thread-safe.
 */
public final class TaintedStores {

    /** Why a store is tainted: the run that wrote it and the untrusted sources that run had read. */
    public record Mark(Target target, String runId, List<String> sources) {
        public Mark {
            requireNonNull(target, "target is null");
            requireNonNull(runId, "runId is null");
            sources = List.copyOf(requireNonNull(sources, "sources is null"));
        }

        /**
         * For a result's provenance and a reviewer: which store, which run, why. Not the sources
         * that run had read: a retrieval source vouches for the values it names (the sender of a
         * mail that was read), and the sender of an injected mail must not vouch for the address
         * its text gave.
         */
        public String describe() {
            return target.kind().name() + " " + target.value() + ", written by run " + runId + " after it read untrusted content";
        }
    }

    private final Path file;
    private final Map<String, Mark> marks = new LinkedHashMap<>();
    private boolean unreadable;

    private TaintedStores(Path file) {
        this.file = file;
    }

    /** Remembers tainted stores for as long as this object lives (all the runs of one executor). */
    public static TaintedStores inMemory() {
        return new TaintedStores(null);
    }

    /**
     * Remembers tainted stores in {@code path} as well, so that a restarted deployment still
     * distrusts what an earlier run wrote; the file is read now and appended to at each new mark.
     */
    public static TaintedStores file(Path path) {
        TaintedStores stores = new TaintedStores(requireNonNull(path, "path is null").toAbsolutePath());
        stores.load();
        return stores;
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length < 3 || f[0].isEmpty() || f[1].isEmpty()) {
                    unreadable = true;
                    continue;
                }
                List<String> sources = f.length > 3 && !f[3].isEmpty() ? List.of(unescape(f[3]).split(" \\| ")) : List.of();
                Target target = new Target(Target.Kind.of(f[0]), unescape(f[1]));
                marks.putIfAbsent(key(target), new Mark(target, unescape(f[2]), sources));
            }
        } catch (IOException | RuntimeException e) {
            unreadable = true;
        }
    }

    /** Whether any store is tainted (a quick test before matching targets). */
    public synchronized boolean isEmpty() {
        return marks.isEmpty() && !unreadable;
    }

    /** Records that {@code targets} may now hold untrusted content, written by {@code runId} after reading {@code sources}. */
    public void taint(List<Target> targets, String runId, List<String> sources) {
        List<Mark> added = new ArrayList<>();
        synchronized (this) {
            for (Target target : targets) {
                if (target.kind() == Target.Kind.EMAIL_RECIPIENT) {
                    continue; // mail that arrives is read from an inbox, which is never trusted
                }
                Mark mark = new Mark(target, runId, sources);
                if (marks.putIfAbsent(key(target), mark) == null) {
                    added.add(mark);
                }
            }
            if (file != null && !added.isEmpty()) {
                append(added);
            }
        }
    }

    private void append(List<Mark> added) {
        StringBuilder lines = new StringBuilder();
        for (Mark m : added) {
            lines.append(m.target().kind().name()).append('\t').append(escape(m.target().value())).append('\t')
                    .append(escape(m.runId())).append('\t')
                    .append(escape(String.join(" | ", m.sources()))).append('\n');
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                channel.write(StandardCharsets.UTF_8.encode(lines.toString()));
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the tainted stores could not be written to " + file, e);
        }
    }

    /** The first mark that taints a store among {@code targets}, if any. */
    public synchronized Optional<Mark> taintOf(List<Target> targets) {
        if (targets.isEmpty() || marks.isEmpty() && !unreadable) {
            return Optional.empty();
        }
        if (unreadable) {
            return Optional.of(new Mark(targets.get(0), "(unknown)", List.of(file + " could not be read")));
        }
        for (Target target : targets) {
            if (target.kind() == Target.Kind.EMAIL_RECIPIENT) {
                continue;
            }
            Mark exact = marks.get(key(target));
            if (exact != null) {
                return Optional.of(exact);
            }
            if (target.kind() == Target.Kind.PATH) {
                String path = normalPath(target.value());
                for (Mark m : marks.values()) {
                    if (m.target().kind() == Target.Kind.PATH && overlaps(path, normalPath(m.target().value()))) {
                        return Optional.of(m);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Whether one of two relative paths is the other or lies under it ({@code .} is the whole root). */
    private static boolean overlaps(String a, String b) {
        return a.equals(b) || a.equals(".") || b.equals(".") || a.startsWith(b + "/") || b.startsWith(a + "/");
    }

    private static String key(Target target) {
        Target.Kind kind = target.kind();
        String value = target.value();
        if (kind == Target.Kind.PATH) {
            value = normalPath(value);
        } else if (kind == Target.Kind.SQL_TABLE) {
            value = value.replace("\"", "").replace("`", "").replace("[", "").replace("]", "").strip().toLowerCase(Locale.ROOT);
            value = value.substring(value.lastIndexOf('.') + 1);
        } else if (kind == Target.Kind.HTTP_HOST) {
            value = value.strip().toLowerCase(Locale.ROOT);
            while (value.endsWith(".")) {
                value = value.substring(0, value.length() - 1);
            }
        } else {
            value = value.toLowerCase(Locale.ROOT);
        }
        return kind.name() + "\t" + value;
    }

    private static String normalPath(String value) {
        String p = value.replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.contains("//")) {
            p = p.replace("//", "/");
        }
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? "." : p;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
