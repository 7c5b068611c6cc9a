package dev.leash.examples.ops;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import dev.leash.core.tool.Tools;
import dev.leash.tools.file.FileToolsConfig;
import dev.leash.tools.file.FileToolsModule;

/**
 * The ops agent: the file tools confined to the workspace root (read logs and config, write
 * fixes), and {@code service_status} (READ) and {@code restart_service} (IRREVERSIBLE) from
 * {@link ServiceControl}. The file tools need no login, so no credentials are bound. Only wiring.
 */
public final class OpsAgentModule extends AbstractModule {

    private final FileToolsConfig files;
    private final ServiceControl services;

    public OpsAgentModule(FileToolsConfig files, ServiceControl services) {
        this.files = requireNonNull(files, "files is null");
        this.services = requireNonNull(services, "services is null");
    }

    @Override
    protected void configure() {
        install(new FileToolsModule(files));
        Tools.bind(binder()).addAnnotated(services);
    }
}
