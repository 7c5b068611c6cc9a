package com.example.shop;

import com.google.inject.AbstractModule;
import dev.leash.core.tool.Tools;
import dev.leash.tools.file.FileToolsConfig;
import dev.leash.tools.file.FileToolsModule;
import java.nio.file.Path;

/** The shop agent's tools: its own, and the standard file tools on its order files. */
public final class ShopAgentModule extends AbstractModule {

    @Override
    protected void configure() {
        install(new FileToolsModule(FileToolsConfig.of(Path.of("orders").toAbsolutePath())));
        Tools.bind(binder()).addAnnotated(new Shop());
    }
}
