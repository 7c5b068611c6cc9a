package dev.leash.tiers.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.tool.Credential;
import dev.leash.api.tool.Impact;
import dev.leash.tiers.credential.Credentials;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedLoginsTest {

    @Test
    void warnsWhenReadAndWriteUseTheSameLogin() {
        Credentials credentials = Credentials.builder()
                .add(new Credential("jdbc", "app", "pw", Impact.READ))
                .add(new Credential("jdbc", "app", "pw", Impact.WRITE))
                .build();

        assertThat(SharedLogins.warnings(credentials, List.of("jdbc")))
                .singleElement().asString().contains("jdbc").contains("'app'").contains("only read");
    }

    @Test
    void warnsWhenOnlyAReadLoginIsBoundBecauseWriteCallsUseItToo() {
        Credentials credentials = Credentials.builder().add(new Credential("jdbc", "sa", "", Impact.READ)).build();

        assertThat(SharedLogins.warnings(credentials, List.of("jdbc"))).hasSize(1);
    }

    @Test
    void saysNothingWhenReadHasALoginOfItsOwn() {
        Credentials credentials = Credentials.builder()
                .add(new Credential("jdbc", "reader", "pw", Impact.READ))
                .add(new Credential("jdbc", "writer", "pw", Impact.WRITE))
                .add(new Credential("jdbc", "refunder", "pw", Impact.IRREVERSIBLE))
                .build();

        assertThat(SharedLogins.warnings(credentials, List.of("jdbc", "smtp"))).isEmpty();
    }

    @Test
    void readsTheLoginsALauncherTakesFromTheEnvironment() {
        assertThat(SharedLogins.warnings(Map.of("LEASH_JDBC_READ_USER", "app", "LEASH_JDBC_WRITE_USER", "app")))
                .singleElement().asString().startsWith("jdbc:");
        assertThat(SharedLogins.warnings(Map.of("LEASH_JDBC_READ_USER", "reader", "LEASH_JDBC_WRITE_USER", "refunder")))
                .isEmpty();
        assertThat(SharedLogins.warnings(Map.of("PATH", "/bin"))).isEmpty();
    }
}
