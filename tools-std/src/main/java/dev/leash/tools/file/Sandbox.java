package dev.leash.tools.file;

import static java.util.Objects.requireNonNull;

import dev.leash.tools.ToolRefusedException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Confines paths to the root: the lexical checks (relative, no {@code ..}, inside the globs) and
 * the real-path checks (symbolic links must not lead out of the root or out of the globs).
 * Immutable and thread-safe; touches the file system only in the {@code resolve} methods.
 */
final class Sandbox {

    private final FileToolsConfig config;
    private final List<PathMatcher> globs;

    Sandbox(FileToolsConfig config) {
        this.config = requireNonNull(config, "config is null");
        List<PathMatcher> matchers = new ArrayList<>();
        for (String glob : config.paths()) {
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
        }
        this.globs = List.copyOf(matchers);
    }

    FileToolsConfig config() {
        return config;
    }

    /**
     * The path as a normalised relative path ({@code ""} is the root itself), without touching the
     * file system.
     *
     * @throws ToolRefusedException for absolute paths, {@code ..} segments and odd characters
     */
    String normalise(String tool, String raw) {
        if (raw == null) {
            throw ToolRefusedException.of(tool, "file.path-missing", "the argument 'path' is missing");
        }
        if (raw.indexOf('\0') >= 0) {
            throw ToolRefusedException.of(tool, "file.bad-path", "the path contains a NUL character");
        }
        if (raw.indexOf('\\') >= 0) {
            throw ToolRefusedException.of(tool, "file.bad-path",
                    "the path '" + raw + "' contains a backslash; use '/' between directories");
        }
        if (raw.startsWith("/") || raw.startsWith("~") || raw.matches("(?s)[A-Za-z]:.*")) {
            throw ToolRefusedException.of(tool, "file.absolute-path",
                    "the path '" + raw + "' is absolute; give a path relative to the file root");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : raw.split("/", -1)) {
            if (segment.equals("..")) {
                throw ToolRefusedException.of(tool, "file.traversal",
                        "the path '" + raw + "' contains '..'; paths must stay inside the file root");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return String.join("/", segments);
    }

    /** True when the relative path is inside the configured globs (for a directory: may contain matches). */
    boolean inGlobs(String relative, boolean directory) {
        if (relative.isEmpty()) {
            return true; // the root itself: listing shows only what is inside the globs
        }
        Path path = Path.of(relative);
        for (PathMatcher glob : globs) {
            if (glob.matches(path) || directory && glob.matches(path.resolve("x"))) {
                return true;
            }
        }
        return false;
    }

    /** Lexical checks: normalised and inside the globs. Returns the normalised relative path. */
    String check(String tool, String raw, boolean directory) {
        String relative = normalise(tool, raw);
        if (!inGlobs(relative, directory)) {
            throw outsideGlobs(tool, relative);
        }
        return relative;
    }

    private ToolRefusedException outsideGlobs(String tool, String relative) {
        return ToolRefusedException.of(tool, "file.outside-paths",
                "the path '" + relative + "' is outside the allowed paths " + config.paths());
    }

    /**
     * Resolves an existing file or directory, following links, and checks that the real path is
     * inside the root and the globs.
     */
    Path resolveExisting(String tool, String relative, boolean directory) throws IOException {
        Path realRoot = realRoot(tool);
        Path lexical = config.root().resolve(relative);
        Path real;
        try {
            real = lexical.toRealPath();
        } catch (NoSuchFileException e) {
            throw ToolRefusedException.of(tool, "file.not-found", "there is no file '" + relative + "'");
        }
        checkReal(tool, relative, realRoot, real, directory || Files.isDirectory(real));
        return real;
    }

    /**
     * Resolves a path to write: if it exists, as {@link #resolveExisting}; otherwise the nearest
     * existing ancestor must really be inside the root. Returns the path to open (never a link
     * leading outside).
     */
    Path resolveForWrite(String tool, String relative) throws IOException {
        if (relative.isEmpty()) {
            throw ToolRefusedException.of(tool, "file.bad-path", "the path names the root directory, not a file");
        }
        Path realRoot = realRoot(tool);
        Path lexical = config.root().resolve(relative);
        if (Files.exists(lexical, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isSymbolicLink(lexical) && !Files.exists(lexical)) {
                throw ToolRefusedException.of(tool, "file.symlink-escape",
                        "'" + relative + "' is a dangling symbolic link; it is not followed");
            }
            Path real = lexical.toRealPath();
            checkReal(tool, relative, realRoot, real, false);
            return real;
        }
        Path ancestor = lexical.getParent();
        while (ancestor != null && !Files.exists(ancestor, LinkOption.NOFOLLOW_LINKS)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null) {
            throw ToolRefusedException.of(tool, "file.root-missing", "the file root " + config.root() + " does not exist");
        }
        Path realAncestor = ancestor.toRealPath();
        if (!realAncestor.startsWith(realRoot)) {
            throw ToolRefusedException.of(tool, "file.symlink-escape",
                    "'" + relative + "' goes through a symbolic link that leads out of the file root");
        }
        Path target = realAncestor.resolve(ancestor.relativize(lexical));
        // A link on the way may lead elsewhere inside the root: the file created must be inside the globs too.
        checkReal(tool, relative, realRoot, target, false);
        return target;
    }

    /**
     * Where {@code relative} really leads, relative to the root, when symbolic links on its way
     * take it somewhere else than it reads: the existing part of the path is resolved (the last
     * segment only when {@code followLast}), the rest appended. Empty when it leads where it
     * reads, or when the root does not exist (the call then fails when it runs).
     *
     * @throws ToolRefusedException when a link on the way leads out of the root or nowhere
     */
    Optional<String> realRelative(String tool, String relative, boolean followLast) {
        if (relative.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (!Files.isDirectory(config.root())) {
                return Optional.empty();
            }
            Path realRoot = config.root().toRealPath();
            Path lexical = config.root().resolve(relative);
            Path start = followLast ? lexical : lexical.getParent();
            Path existing = start;
            while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                return Optional.empty();
            }
            Path real;
            try {
                real = existing.toRealPath();
            } catch (IOException e) {
                throw ToolRefusedException.of(tool, "file.symlink-escape",
                        "'" + relative + "' goes through a symbolic link that leads nowhere; it is not followed");
            }
            if (!real.startsWith(realRoot)) {
                throw ToolRefusedException.of(tool, "file.symlink-escape",
                        "'" + relative + "' is or goes through a symbolic link that leads out of the file root");
            }
            Path full = real.resolve(existing.relativize(lexical)).normalize();
            String realRelative = realRoot.relativize(full).toString().replace('\\', '/');
            return realRelative.equals(relative) ? Optional.empty() : Optional.of(realRelative.isEmpty() ? "." : realRelative);
        } catch (IOException e) {
            throw ToolRefusedException.of(tool, "file.unreadable", "cannot tell where '" + relative + "' leads: " + e.getMessage());
        }
    }

    private void checkReal(String tool, String relative, Path realRoot, Path real, boolean directory) {
        if (!real.startsWith(realRoot)) {
            throw ToolRefusedException.of(tool, "file.symlink-escape",
                    "'" + relative + "' is or goes through a symbolic link that leads out of the file root");
        }
        String realRelative = realRoot.relativize(real).toString().replace('\\', '/');
        if (!inGlobs(realRelative, directory)) {
            throw ToolRefusedException.of(tool, "file.outside-paths",
                    "'" + relative + "' leads to '" + realRelative + "', outside the allowed paths " + config.paths());
        }
    }

    /** The path relative to the real root, with '/' separators. */
    String relativeOf(Path real) throws IOException {
        return config.root().toRealPath().relativize(real).toString().replace('\\', '/');
    }

    private Path realRoot(String tool) throws IOException {
        try {
            return config.root().toRealPath();
        } catch (NoSuchFileException e) {
            throw ToolRefusedException.of(tool, "file.root-missing", "the file root " + config.root() + " does not exist");
        }
    }
}
