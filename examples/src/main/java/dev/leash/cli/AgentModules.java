package dev.leash.cli;

import com.google.inject.Module;
import dev.leash.eval.ModuleAssembly;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * {@code --agent-module CLASS} with {@code --classpath PATH}: loads the user's Guice module (tools,
 * credentials) from classes outside the {@code leash} jar. Bad values are usage errors (exit 2)
 * naming what is wrong. Stateless.
 */
final class AgentModules {

    private AgentModules() {
    }

    /**
     * The module {@code className} names, loaded from {@code classpath} (entries separated by the
     * platform's path separator: folders of classes or jars) and then the command line's own classes.
     */
    static Module load(CommandLine commandLine, String className, String classpath) {
        ClassLoader loader = classLoader(commandLine, classpath);
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new CommandLine.ParameterException(commandLine, "--agent-module: class " + className + " not found"
                    + (classpath == null ? " (add --classpath PATH: the agent's classes and jars)" : " on --classpath " + classpath)
                    + (e instanceof LinkageError ? ": " + e : ""));
        }
        Thread.currentThread().setContextClassLoader(loader);
        try {
            return ModuleAssembly.instantiate(type);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--agent-module: " + e.getMessage());
        }
    }

    private static ClassLoader classLoader(CommandLine commandLine, String classpath) {
        ClassLoader parent = AgentModules.class.getClassLoader();
        if (classpath == null || classpath.isBlank()) {
            return parent;
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry);
            if (!Files.exists(path)) {
                throw new CommandLine.ParameterException(commandLine, "--classpath: " + entry + " does not exist");
            }
            try {
                urls.add(path.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new CommandLine.ParameterException(commandLine, "--classpath: " + entry + " is not a usable path");
            }
        }
        return new URLClassLoader("agent-module", urls.toArray(URL[]::new), parent);
    }
}
