package dev.leash.tools.file;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.leash.api.tool.Tool;
import dev.leash.tools.StandardTools;

/**
 * Adds {@code list_files}, {@code read_file}, {@code write_file} and {@code delete_file} to the
 * {@code Multibinder<Tool>} (the tool registry's binding), and binds the {@link FileToolsConfig}.
 */
public final class FileToolsModule extends AbstractModule {

    private final FileToolsConfig config;

    public FileToolsModule(FileToolsConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    protected void configure() {
        bind(FileToolsConfig.class).toInstance(config);
        Multibinder<Tool> tools = Multibinder.newSetBinder(binder(), Tool.class);
        for (Tool tool : StandardTools.files(config)) {
            tools.addBinding().toInstance(tool);
        }
    }
}
