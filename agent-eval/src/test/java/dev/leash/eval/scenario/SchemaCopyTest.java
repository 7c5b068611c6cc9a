package dev.leash.eval.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The schema shipped with agent-eval is the project's stated scenario format, byte for byte. */
class SchemaCopyTest {

    /** Walks up from the working directory to a folder that has a sibling {@code shared/scenario.schema.json}. */
    static Optional<Path> sharedSchema() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared").resolve("scenario.schema.json");
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
            dir = dir.getParent();
        }
        return Optional.empty();
    }

    @Test
    void shippedSchemaIsIdenticalToTheSharedOne() throws Exception {
        Optional<Path> shared = sharedSchema();
        assumeTrue(shared.isPresent(), "no shared/scenario.schema.json above the project directory");
        byte[] expected = Files.readAllBytes(shared.get());
        try (InputStream in = ScenarioLoader.class.getResourceAsStream(ScenarioLoader.SCHEMA_RESOURCE)) {
            assertThat(in).as("schema resource").isNotNull();
            assertThat(in.readAllBytes()).isEqualTo(expected);
        }
    }
}
