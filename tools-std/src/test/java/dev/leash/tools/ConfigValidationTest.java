package dev.leash.tools;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.api.ConfigurationException;
import dev.leash.tools.file.FileToolsConfig;
import dev.leash.tools.http.Cidr;
import dev.leash.tools.http.HostResolver;
import dev.leash.tools.http.HttpToolsConfig;
import dev.leash.tools.mail.MailToolsConfig;
import dev.leash.tools.sql.SqlToolsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {

    @Test
    void fileGlobsMustBeRelativeAndPresent() {
        assertThatThrownBy(() -> FileToolsConfig.of(Path.of("root")).withPaths(List.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("files.paths");
        assertThatThrownBy(() -> FileToolsConfig.of(Path.of("root")).withPaths(List.of("../**")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'../**'");
        assertThatThrownBy(() -> FileToolsConfig.of(Path.of("root")).withMaxReadBytes(0))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("files.max_read_bytes");
    }

    @Test
    void httpHostsAndAddressBlocksAreChecked() {
        assertThatThrownBy(() -> HttpToolsConfig.ofDefaults().withHosts(List.of("https://api.example.com/")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("http.hosts");
        assertThatThrownBy(() -> HttpToolsConfig.ofDefaults().withAllowedAddresses(List.of("docs.example.com")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("http.allowed_addresses");
        assertThatThrownBy(() -> Cidr.parse("203.0.113.0/33")).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> HttpToolsConfig.ofDefaults().withTimeout(Duration.ZERO))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("http.timeout");
        assertThatThrownBy(() -> HostResolver.fixed(Map.of("wiki.example.com", "not-an-address")))
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void mailDomainsAndServersAreChecked() {
        MailToolsConfig.Server server = MailToolsConfig.Server.of("localhost", 25, MailToolsConfig.Security.PLAIN);
        assertThatThrownBy(() -> MailToolsConfig.of(server, server).withDomains(List.of("@example.com")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("mail.domains");
        assertThatThrownBy(() -> MailToolsConfig.Server.of("localhost", 0, MailToolsConfig.Security.PLAIN))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("mail.port");
    }

    @Test
    void sqlLimitsArePositive() {
        assertThatThrownBy(() -> SqlToolsConfig.of("jdbc:h2:mem:x").withMaxRows(0))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("sql.max_rows");
    }
}
