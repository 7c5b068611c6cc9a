package dev.leash.tools.sql;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.leash.api.tool.Tool;
import dev.leash.tools.StandardTools;

/** Adds {@code sql_query} to the {@code Multibinder<Tool>} and binds the {@link SqlToolsConfig}. */
public final class SqlToolsModule extends AbstractModule {

    private final SqlToolsConfig config;

    public SqlToolsModule(SqlToolsConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    protected void configure() {
        bind(SqlToolsConfig.class).toInstance(config);
        Multibinder<Tool> tools = Multibinder.newSetBinder(binder(), Tool.class);
        for (Tool tool : StandardTools.sql(config)) {
            tools.addBinding().toInstance(tool);
        }
    }
}
