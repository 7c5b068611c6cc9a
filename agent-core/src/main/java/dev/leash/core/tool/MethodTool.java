package dev.leash.core.tool;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.leash.api.tool.Provenance;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.List;

/** A tool backed by an annotated method. Built by {@link AnnotatedTools}. */
final class MethodTool implements Tool {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    record Binding(String argument, Type type) {
        static Binding context() {
            return new Binding(null, ToolContext.class);
        }

        static Binding argument(String name, Type type) {
            return new Binding(name, type);
        }
    }

    private final ToolSpec spec;
    private final Object target;
    private final Method method;
    private final List<Binding> bindings;
    private final boolean untrusted;

    MethodTool(ToolSpec spec, Object target, Method method, List<Binding> bindings, boolean untrusted) {
        this.spec = spec;
        this.target = target;
        this.method = method;
        this.bindings = List.copyOf(bindings);
        this.untrusted = untrusted;
    }

    @Override
    public ToolSpec spec() {
        return spec;
    }

    String describe() {
        return target.getClass().getName() + "." + method.getName() + "()";
    }

    @Override
    public ToolResult execute(ToolCall call, ToolContext context) throws Exception {
        Object[] values = new Object[bindings.size()];
        for (int i = 0; i < values.length; i++) {
            Binding binding = bindings.get(i);
            if (binding.argument() == null) {
                values[i] = context;
                continue;
            }
            JsonNode node = call.arguments().get(binding.argument());
            if (node == null || node.isNull()) {
                values[i] = null;
            } else {
                JavaType type = MAPPER.getTypeFactory().constructType(binding.type());
                values[i] = MAPPER.convertValue(node, type);
            }
        }
        Object returned;
        try {
            returned = method.invoke(target, values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
        if (returned instanceof ToolResult result) {
            return result;
        }
        String content = returned == null ? "done"
                : returned instanceof CharSequence text ? text.toString() : MAPPER.writeValueAsString(returned);
        Provenance provenance = untrusted ? Provenance.untrusted("tool:" + spec.name()) : Provenance.trusted("tool:" + spec.name());
        return new ToolResult(content, provenance);
    }
}
