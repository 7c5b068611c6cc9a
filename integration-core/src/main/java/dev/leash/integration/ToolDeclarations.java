package dev.leash.integration;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Irreversible;
import dev.leash.api.tool.Read;
import dev.leash.api.tool.ToolDefinitionException;
import dev.leash.api.tool.ToolSpec;
import dev.leash.api.tool.Write;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What Leash must know of a framework's tools beyond what the framework says: impacts (from
 * Leash's {@link Read @Read}, {@link Write @Write}, {@link Irreversible @Irreversible} on the
 * same method, or given here by tool name), the arguments that name targets, and which tools
 * return trusted content. Immutable: each {@code with...} returns a copy. Thread-safe.
 *
 * @param impacts impacts by tool name, for tools whose method carries no impact annotation
 * @param targets by tool name: argument name to target kind
 * @param trusted tools whose results are trusted (all others are untrusted)
 */
public record ToolDeclarations(Map<String, Impact> impacts, Map<String, Map<String, TargetKind>> targets,
                               Set<String> trusted) {

    public ToolDeclarations {
        impacts = Map.copyOf(requireNonNull(impacts, "impacts is null"));
        Map<String, Map<String, TargetKind>> copy = new LinkedHashMap<>();
        requireNonNull(targets, "targets is null").forEach((tool, arguments) -> copy.put(tool, Map.copyOf(arguments)));
        targets = Map.copyOf(copy);
        trusted = Set.copyOf(requireNonNull(trusted, "trusted is null"));
    }

    /** Nothing declared: impacts come from annotations only, no targets, every result untrusted. */
    public static ToolDeclarations none() {
        return new ToolDeclarations(Map.of(), Map.of(), Set.of());
    }

    /** Declares the impact of {@code tool} (for a method without an impact annotation). */
    public ToolDeclarations withImpact(String tool, Impact impact) {
        requireNonNull(tool, "tool is null");
        requireNonNull(impact, "impact is null");
        Map<String, Impact> next = new LinkedHashMap<>(impacts);
        next.put(tool, impact);
        return new ToolDeclarations(next, targets, trusted);
    }

    /** Declares that {@code argument} of {@code tool} names a target of {@code kind}. */
    public ToolDeclarations withTarget(String tool, String argument, TargetKind kind) {
        requireNonNull(tool, "tool is null");
        requireNonNull(argument, "argument is null");
        requireNonNull(kind, "kind is null");
        Map<String, Map<String, TargetKind>> next = new LinkedHashMap<>(targets);
        Map<String, TargetKind> arguments = new LinkedHashMap<>(next.getOrDefault(tool, Map.of()));
        arguments.put(argument, kind);
        next.put(tool, arguments);
        return new ToolDeclarations(impacts, next, trusted);
    }

    /** Declares that the results of {@code tool} are trusted content. */
    public ToolDeclarations withTrustedResult(String tool) {
        Set<String> next = new LinkedHashSet<>(trusted);
        next.add(requireNonNull(tool, "tool is null"));
        return new ToolDeclarations(impacts, targets, next);
    }

    /**
     * The impact of the tool {@code name} backed by {@code method}: its Leash impact annotation,
     * else the impact declared here.
     *
     * @throws ToolDefinitionException when it has none (fail closed, as for Leash's own tools),
     *     several annotations, or an annotation and a different declared impact
     */
    public Impact impactOf(String name, Method method) {
        List<Impact> annotated = new ArrayList<>();
        if (method != null) {
            if (method.isAnnotationPresent(Read.class)) {
                annotated.add(Impact.READ);
            }
            if (method.isAnnotationPresent(Write.class)) {
                annotated.add(Impact.WRITE);
            }
            if (method.isAnnotationPresent(Irreversible.class)) {
                annotated.add(Impact.IRREVERSIBLE);
            }
        }
        if (annotated.size() > 1) {
            throw ToolDefinitionException.badMethod(name, "it declares several impacts " + annotated + "; declare exactly one");
        }
        Optional<Impact> declared = Optional.ofNullable(impacts.get(name));
        if (annotated.isEmpty()) {
            return declared.orElseThrow(() -> ToolDefinitionException.missingImpact(name));
        }
        if (declared.isPresent() && declared.get() != annotated.get(0)) {
            throw ToolDefinitionException.badMethod(name, "its method declares " + annotated.get(0)
                    + " but the configuration declares " + declared.get() + "; keep one");
        }
        return annotated.get(0);
    }

    /**
     * The Leash tool for a framework tool: {@code spec} (with its impact) and what is declared here
     * for it. Its arguments are validated against {@link ModelCalls#validationSchema} of the spec's
     * schema (an argument the tool does not take is refused).
     *
     * @throws ToolDefinitionException when a declared target argument is not one of the tool's arguments
     */
    public ForeignTool tool(ToolSpec spec, ForeignTool.Invoker invoker) {
        Map<String, TargetKind> arguments = targets.getOrDefault(spec.name(), Map.of());
        Set<String> known = new TreeSet<>();
        spec.parameters().path("properties").fieldNames().forEachRemaining(known::add);
        for (String argument : arguments.keySet()) {
            if (!known.contains(argument)) {
                throw ToolDefinitionException.badSchema(spec.name(), "the target argument '" + argument
                        + "' is not one of its arguments " + known);
            }
        }
        ToolSpec validated = ToolSpec.of(spec.name(), spec.description(), ModelCalls.validationSchema(spec.parameters()),
                spec.impact());
        return new ForeignTool(validated, arguments, trusted.contains(spec.name()), invoker);
    }

    /**
     * Checks that every tool named here exists.
     *
     * @throws ToolDefinitionException listing the unknown names and the known ones
     */
    public void checkNames(Collection<String> toolNames) {
        Set<String> named = new TreeSet<>();
        named.addAll(impacts.keySet());
        named.addAll(targets.keySet());
        named.addAll(trusted);
        named.removeAll(toolNames);
        if (!named.isEmpty()) {
            throw ToolDefinitionException.unknownTools(named, new TreeSet<>(toolNames));
        }
    }
}
