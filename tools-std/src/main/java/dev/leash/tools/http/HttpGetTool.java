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
 * {@code http_get {url}} (READ): fetches a URL. The URL itself leaves the process, so it is the
 * outbound content. The response is untrusted. Thread-safe.
 */
public final class HttpGetTool extends HttpTool {

    private static final ToolSpec SPEC = ToolSpec.of("http_get",
            "Fetch a web page or API resource with HTTP GET.",
            Schemas.object().required("url", "absolute http or https URL").build(), Impact.READ)
            .withTargets(java.util.Map.of("url", "url"));

    public HttpGetTool(HttpToolsConfig config, HostResolver resolver, HttpTransport transport) {
        super(config, resolver, transport);
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public OutboundContent outbound(ToolCall call) {
        return OutboundContent.of(List.of(new OutboundContent.Part("argument url", call.text("url").orElse(""))));
    }

    @Override
    public ToolResult execute(ToolCall call, ToolContext context) throws Exception {
        return exchange("GET", call, null, context);
    }
}
