package dev.leash.eval.report;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * The build that produced a red-team report: the project version, and the git commit it was
 * built from when the build could ask git (a build outside a repository, or without git, records
 * none). Written by Maven into {@value #RESOURCE}. Immutable and thread-safe.
 *
 * @param version the project version, e.g. {@code 0.2.0}; {@code unknown} when the resource is missing
 * @param commit the full commit id, if known
 */
public record BuildInfo(String version, Optional<String> commit) {

    /** The resource the build writes (filtered by Maven). */
    public static final String RESOURCE = "/dev/leash/eval/report/build.properties";

    public BuildInfo {
        requireNonNull(version, "version is null");
        requireNonNull(commit, "commit is null");
        commit = commit.map(String::strip).filter(c -> !c.isEmpty() && !c.startsWith("${"));
    }

    /** The build of the classes running now. */
    public static BuildInfo current() {
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return new BuildInfo("unknown", Optional.empty());
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown").strip();
            return new BuildInfo(version.isEmpty() || version.startsWith("${") ? "unknown" : version,
                    Optional.ofNullable(properties.getProperty("commit")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** {@code 0.2.0 (f3282bc)}, or the version alone when the commit is unknown. */
    public String describe() {
        return version + commit.map(c -> " (" + c.substring(0, Math.min(12, c.length())) + ")").orElse("");
    }
}
