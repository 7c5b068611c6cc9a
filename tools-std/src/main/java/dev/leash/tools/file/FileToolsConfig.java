package dev.leash.tools.file;

import static java.util.Objects.requireNonNull;

import dev.leash.api.ConfigurationException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;

/**
 * Configuration of the file tools. Immutable; validated on construction.
 *
 * @param root the directory every path is relative to; files outside it are never touched
 * @param paths globs (relative to the root, {@code java.nio} glob syntax) a path must match,
 *     e.g. {@code workspace/**}; default {@code **}, the whole root. Matches
 *     {@code safety.allow.paths}.
 * @param maxReadBytes largest file {@code read_file} reads (default 1 MiB); larger files are refused
 * @param maxWriteBytes largest content {@code write_file} writes, in UTF-8 bytes (default 1 MiB)
 * @param maxListEntries most entries {@code list_files} returns (default 1000); the rest is cut off
 * @param untrustedContent whether file contents and names are outside the trust boundary
 *     (default true: files may have been uploaded by anyone)
 * @param trustedPaths globs (relative to the root) of files whose content is trusted even so, e.g.
 *     {@code config/**} ({@code safety.trusted.paths}); default none
 */
public record FileToolsConfig(Path root, List<String> paths, long maxReadBytes, long maxWriteBytes,
                              int maxListEntries, boolean untrustedContent, List<String> trustedPaths) {

    public FileToolsConfig(Path root, List<String> paths, long maxReadBytes, long maxWriteBytes,
                           int maxListEntries, boolean untrustedContent) {
        this(root, paths, maxReadBytes, maxWriteBytes, maxListEntries, untrustedContent, List.of());
    }

    public static final long DEFAULT_MAX_BYTES = 1024 * 1024;

    public FileToolsConfig {
        requireNonNull(root, "root is null");
        root = root.toAbsolutePath().normalize();
        paths = List.copyOf(requireNonNull(paths, "paths is null"));
        if (paths.isEmpty()) {
            throw ConfigurationException.invalidValue("files.paths", null, paths, "at least one glob (\"**\" for the whole root)");
        }
        for (String glob : paths) {
            if (glob.startsWith("/") || glob.contains("..")) {
                throw ConfigurationException.invalidValue("files.paths", null, glob, "a glob relative to the root, without '..'");
            }
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + glob);
            } catch (IllegalArgumentException e) {
                throw ConfigurationException.invalidValue("files.paths", null, glob, "a valid glob (" + e.getMessage() + ")");
            }
        }
        trustedPaths = List.copyOf(requireNonNull(trustedPaths, "trustedPaths is null"));
        for (String glob : trustedPaths) {
            if (glob.startsWith("/") || glob.contains("..")) {
                throw ConfigurationException.invalidValue("trusted.paths", null, glob, "a glob relative to the root, without '..'");
            }
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + glob);
            } catch (IllegalArgumentException e) {
                throw ConfigurationException.invalidValue("trusted.paths", null, glob, "a valid glob (" + e.getMessage() + ")");
            }
        }
        if (maxReadBytes < 1) {
            throw ConfigurationException.invalidValue("files.max_read_bytes", null, maxReadBytes, "a positive number");
        }
        if (maxWriteBytes < 1) {
            throw ConfigurationException.invalidValue("files.max_write_bytes", null, maxWriteBytes, "a positive number");
        }
        if (maxListEntries < 1) {
            throw ConfigurationException.invalidValue("files.max_list_entries", null, maxListEntries, "a positive number");
        }
    }

    /** The whole root, 1 MiB limits, 1000 entries, untrusted content. */
    public static FileToolsConfig of(Path root) {
        return new FileToolsConfig(root, List.of("**"), DEFAULT_MAX_BYTES, DEFAULT_MAX_BYTES, 1000, true);
    }

    public FileToolsConfig withPaths(List<String> globs) {
        return new FileToolsConfig(root, globs, maxReadBytes, maxWriteBytes, maxListEntries, untrustedContent, trustedPaths);
    }

    public FileToolsConfig withMaxReadBytes(long max) {
        return new FileToolsConfig(root, paths, max, maxWriteBytes, maxListEntries, untrustedContent, trustedPaths);
    }

    public FileToolsConfig withMaxWriteBytes(long max) {
        return new FileToolsConfig(root, paths, maxReadBytes, max, maxListEntries, untrustedContent, trustedPaths);
    }

    public FileToolsConfig withMaxListEntries(int max) {
        return new FileToolsConfig(root, paths, maxReadBytes, maxWriteBytes, max, untrustedContent, trustedPaths);
    }

    public FileToolsConfig withUntrustedContent(boolean untrusted) {
        return new FileToolsConfig(root, paths, maxReadBytes, maxWriteBytes, maxListEntries, untrusted, trustedPaths);
    }

    /** A copy whose files matching {@code globs} are trusted. */
    public FileToolsConfig withTrustedPaths(List<String> globs) {
        return new FileToolsConfig(root, paths, maxReadBytes, maxWriteBytes, maxListEntries, untrustedContent, globs);
    }

    /** Whether the content of the file at {@code relative} (a path relative to the root) is trusted. */
    public boolean trusts(String relative) {
        if (!untrustedContent) {
            return true;
        }
        Path candidate = Path.of(relative.isEmpty() ? "." : relative);
        return trustedPaths.stream().anyMatch(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(candidate));
    }
}
