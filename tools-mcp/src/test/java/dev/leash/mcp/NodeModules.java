package dev.leash.mcp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real MCP software the tests run: the packages of {@code src/test/node/package-lock.json},
 * installed with {@code npm ci} into {@code target/mcp-node} once per build. A test that needs
 * them is skipped, saying so, when node or npm is not on the PATH.
 */
final class NodeModules {

    private static final Path SOURCE = Path.of("src/test/node");
    private static final Path HOME = Path.of("target/mcp-node").toAbsolutePath();
    private static Path installed;

    private NodeModules() {
    }

    /** The folder with node_modules (installing it first if needed). */
    static synchronized Path home() {
        assumeTrue(onPath("node") && onPath("npm"), "node and npm are needed to run real MCP servers; they are not on the PATH");
        if (installed != null) {
            return installed;
        }
        try {
            Files.createDirectories(HOME);
            try (Stream<Path> files = Files.list(SOURCE)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, HOME.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path marker = HOME.resolve("node_modules/.package-lock.json");
            if (!Files.exists(marker) || Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(SOURCE.resolve("package-lock.json"))) < 0) {
                run(HOME, List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), 300);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare " + HOME, e);
        }
        installed = HOME;
        return installed;
    }

    /** {@code node <home>/node_modules/<package>/<script> args...} */
    static List<String> node(String script, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("node", home().resolve(script).toString()));
        command.addAll(List.of(args));
        return command;
    }

    static void run(Path dir, List<String> command, int seconds) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(HOME.resolve("npm.log").toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + seconds + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): "
                        + Files.readString(HOME.resolve("npm.log")));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
