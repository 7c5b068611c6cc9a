package dev.leash.core.tool;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.tool.Arg;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Irreversible;
import dev.leash.api.tool.Read;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolDefinitionException;
import dev.leash.api.tool.ToolMethod;
import dev.leash.api.tool.ToolSpec;
import dev.leash.api.tool.Write;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Turns the {@link ToolMethod}-annotated methods of an object into tools. The arguments schema
 * is derived from the parameter types and {@link Arg} descriptions:
 *
 * <ul>
 *   <li>{@code String}, {@code char}, enums: string (enums list their constants)
 *   <li>{@code int}, {@code long}, {@code short}, {@code BigInteger}: integer
 *   <li>{@code double}, {@code float}, {@code BigDecimal}: number ({@code BigDecimal} keeps decimals exact)
 *   <li>{@code boolean}: boolean
 *   <li>arrays, {@code List}, {@code Set}: array of the element type
 *   <li>{@code Map}, {@code JsonNode}, {@code ObjectNode}: object
 * </ul>
 *
 * <p>A {@link ToolContext} parameter (without {@code @Arg}) receives the call's context. Extra
 * properties are refused by the schema. A method without exactly one impact annotation ({@link
 * Read}, {@link Write}, {@link Irreversible}) is refused with an error naming it.
 *
 * <p>An argument with {@link Arg#target()} names a target of that kind; the tool's targets are read
 * from those arguments ({@link dev.leash.api.tool.Targets}), so the allowlists apply to it as to a
 * standard tool. A plain return value is an untrusted result unless the method is declared
 * {@link ToolMethod#trustedResult()}; a returned {@link dev.leash.api.tool.ToolResult} keeps its own
 * provenance.
 */
public final class AnnotatedTools {

    private AnnotatedTools() {
    }

    /** The tools declared on {@code target}'s class (public methods, in name order). */
    public static List<Tool> from(Object target) {
        requireNonNull(target, "target is null");
        List<Tool> tools = new ArrayList<>();
        Method[] methods = target.getClass().getMethods();
        Arrays.sort(methods, Comparator.comparing(Method::getName));
        for (Method method : methods) {
            ToolMethod annotation = method.getAnnotation(ToolMethod.class);
            if (annotation != null) {
                tools.add(toTool(target, method, annotation));
            }
        }
        if (tools.isEmpty()) {
            throw ToolDefinitionException.badMethod(target.getClass().getName(),
                    "no public method is annotated with @ToolMethod");
        }
        return List.copyOf(tools);
    }

    private static Tool toTool(Object target, Method method, ToolMethod annotation) {
        String name = annotation.name().isEmpty() ? method.getName() : annotation.name();
        String where = target.getClass().getName() + "." + method.getName();
        if (Modifier.isStatic(method.getModifiers())) {
            throw ToolDefinitionException.badMethod(name, where + " is static; tool methods are instance methods");
        }
        Impact impact = impactOf(method, name, where);
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = JsonNodeFactory.instance.arrayNode();
        List<MethodTool.Binding> bindings = new ArrayList<>();
        Map<String, String> targets = new java.util.LinkedHashMap<>();
        for (Parameter parameter : method.getParameters()) {
            if (ToolContext.class.equals(parameter.getType())) {
                bindings.add(MethodTool.Binding.context());
                continue;
            }
            Arg arg = parameter.getAnnotation(Arg.class);
            if (arg == null) {
                throw ToolDefinitionException.badMethod(name, where + ": parameter '" + parameter.getName()
                        + "' needs an @Arg description");
            }
            String argName = !arg.name().isEmpty() ? arg.name() : parameter.isNamePresent() ? parameter.getName() : null;
            if (argName == null) {
                throw ToolDefinitionException.badMethod(name, where + ": parameter " + parameter.getName()
                        + " has no name at run time; compile with javac -parameters (Maven: maven-compiler-plugin"
                        + " <parameters>true</parameters>) or name it with @Arg(name = \"...\", value = \"" + arg.value() + "\")");
            }
            if (!arg.required() && parameter.getType().isPrimitive()) {
                throw ToolDefinitionException.badMethod(name, where + ": optional argument '" + argName
                        + "' cannot be a primitive; use the boxed type");
            }
            ObjectNode property = schemaOf(parameter.getParameterizedType(), name, where);
            property.put("description", arg.value());
            properties.set(argName, property);
            if (arg.required()) {
                required.add(argName);
            }
            bindings.add(MethodTool.Binding.argument(argName, parameter.getParameterizedType()));
            if (!arg.target().isEmpty()) {
                targets.put(argName, arg.target());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("additionalProperties", false);
        ToolSpec spec = new ToolSpec(name, annotation.description(), schema, impact, targets);
        method.setAccessible(true);
        return new MethodTool(spec, target, method, bindings, !annotation.trustedResult());
    }

    private static Impact impactOf(Method method, String name, String where) {
        List<Impact> declared = new ArrayList<>();
        if (method.isAnnotationPresent(Read.class)) {
            declared.add(Impact.READ);
        }
        if (method.isAnnotationPresent(Write.class)) {
            declared.add(Impact.WRITE);
        }
        if (method.isAnnotationPresent(Irreversible.class)) {
            declared.add(Impact.IRREVERSIBLE);
        }
        if (declared.isEmpty()) {
            throw ToolDefinitionException.badMethod(name, "'" + name + "' declares no impact: annotate " + where
                    + " with @Read, @Write or @Irreversible (every tool must say how much harm a call can do)");
        }
        if (declared.size() > 1) {
            throw ToolDefinitionException.badMethod(name, "it declares several impacts " + declared + "; declare exactly one");
        }
        return declared.get(0);
    }

    static ObjectNode schemaOf(Type type, String tool, String where) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        Class<?> raw = rawClass(type);
        if (raw == String.class || raw == char.class || raw == Character.class || raw == CharSequence.class) {
            node.put("type", "string");
        } else if (raw.isEnum()) {
            node.put("type", "string");
            ArrayNode values = node.putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
        } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class
                || raw == short.class || raw == Short.class || raw == byte.class || raw == Byte.class
                || raw == BigInteger.class) {
            node.put("type", "integer");
        } else if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class
                || raw == BigDecimal.class) {
            node.put("type", "number");
        } else if (raw == boolean.class || raw == Boolean.class) {
            node.put("type", "boolean");
        } else if (raw.isArray()) {
            node.put("type", "array");
            node.set("items", schemaOf(raw.getComponentType(), tool, where));
        } else if (Collection.class.isAssignableFrom(raw)) {
            node.put("type", "array");
            if (type instanceof ParameterizedType p) {
                node.set("items", schemaOf(p.getActualTypeArguments()[0], tool, where));
            }
        } else if (Map.class.isAssignableFrom(raw) || JsonNode.class.isAssignableFrom(raw)) {
            node.put("type", "object");
        } else {
            throw ToolDefinitionException.badMethod(tool, where + ": parameter type " + type.getTypeName()
                    + " has no JSON Schema mapping; use strings, numbers, booleans, enums, lists or maps");
        }
        return node;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }
}
