package dev.leash.tools.http;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.leash.api.tool.Tool;
import dev.leash.tools.StandardTools;

/**
 * Adds {@code http_get} and {@code http_post} to the {@code Multibinder<Tool>}, with the system
 * resolver and {@code java.net.http}, or with the given {@link HostResolver} and {@link
 * HttpTransport} (a test harness). Binds the {@link HttpToolsConfig}.
 */
public final class HttpToolsModule extends AbstractModule {

    private final HttpToolsConfig config;
    private final HostResolver resolver;
    private final HttpTransport transport;

    public HttpToolsModule(HttpToolsConfig config) {
        this(config, HostResolver.system(), HttpTransport.system());
    }

    public HttpToolsModule(HttpToolsConfig config, HostResolver resolver, HttpTransport transport) {
        this.config = requireNonNull(config, "config is null");
        this.resolver = requireNonNull(resolver, "resolver is null");
        this.transport = requireNonNull(transport, "transport is null");
    }

    @Override
    protected void configure() {
        bind(HttpToolsConfig.class).toInstance(config);
        Multibinder<Tool> tools = Multibinder.newSetBinder(binder(), Tool.class);
        for (Tool tool : StandardTools.http(config, resolver, transport)) {
            tools.addBinding().toInstance(tool);
        }
    }
}
