package dev.leash.approvals.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@link FileAgentMain} in a new JVM and collects what it printed. */
public final class AgentProcess {

    /**
     * What the process did.
     *
     * @param exit its exit code
     * @param output what it printed
     */
    public record Result(int exit, String output) {
        public String runId() {
            return field("run-id");
        }

        public String field(String name) {
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + ": (.*)$").matcher(output);
            if (!m.find()) {
                throw new AssertionError("no " + name + " in:\n" + output);
            }
            return m.group(1).trim();
        }
    }

    private AgentProcess() {
    }

    public static Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FileAgentMain.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the agent process did not end");
        }
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
