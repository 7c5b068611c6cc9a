package dev.leash.tools.http;

import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.tools.internal.Schemas;
import java.util.List;

/**
 * {@code http_post {url, body}} (WRITE): posts a body (sent as JSON when it looks like JSON,
 * otherwise as text). The URL and the body are the outbound content; the response is untrusted.
 * Thread-safe.
 */
public final class HttpPostTool extends HttpTool {

    private static final ToolSpec SPEC = ToolSpec.of("http_post",
            "Send data to a URL with HTTP POST.",
            Schemas.object()
                    .required("url", "absolute http or https URL")
                    .required("body", "request body (JSON or text)")
                    .build(),
            Impact.WRITE)
            .withTargets(java.util.Map.of("url", "url"));

    public HttpPostTool(HttpToolsConfig config, HostResolver resolver, HttpTransport transport) {
        super(config, resolver, transport);
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public OutboundContent outbound(ToolCall call) {
        return OutboundContent.of(List.of(
                new OutboundContent.Part("argument url", call.text("url").orElse("")),
                new OutboundContent.Part("argument body", call.text("body").orElse(""))));
    }

    @Override
    public ToolResult execute(ToolCall call, ToolContext context) throws Exception {
        return exchange("POST", call, call.text("body").orElse(""), context);
    }
}
