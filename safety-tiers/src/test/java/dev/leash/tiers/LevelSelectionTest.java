package dev.leash.tiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.api.ConfigurationException;
import dev.leash.api.SafetyLevel;
import dev.leash.tiers.config.LeashConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LevelSelectionTest {

    private static final LeashConfig FILE_SAYS_3 = LeashConfig.parse("safety: { level: 3 }", "leash.yaml");
    private static final Map<String, String> ENV_SAYS_2 = Map.of("LEASH_SAFETY_LEVEL", "2");

    @Test
    void levelFlagBeatsEnvironmentAndFile() {
        LevelSelection selection = LevelSelection.select("1", ENV_SAYS_2, FILE_SAYS_3);

        assertThat(selection.level()).isEqualTo(SafetyLevel.LEVEL_1);
        assertThat(selection.source()).isEqualTo("--level");
    }

    @Test
    void environmentBeatsFile() {
        LevelSelection selection = LevelSelection.select(null, ENV_SAYS_2, FILE_SAYS_3);

        assertThat(selection.level()).isEqualTo(SafetyLevel.LEVEL_2);
        assertThat(selection.source()).isEqualTo("LEASH_SAFETY_LEVEL");
    }

    @Test
    void fileDecidesWhenNothingElseIsSet() {
        LevelSelection selection = LevelSelection.select(null, Map.of(), FILE_SAYS_3);

        assertThat(selection.level()).isEqualTo(SafetyLevel.LEVEL_3);
        assertThat(selection.source()).contains("leash.yaml");
    }

    @Test
    void unsetMeansLevelOne() {
        LevelSelection selection = LevelSelection.select("", Map.of("LEASH_SAFETY_LEVEL", " "), LeashConfig.defaults());

        assertThat(selection.level()).isEqualTo(SafetyLevel.LEVEL_1);
        assertThat(selection.source()).isEqualTo("default");
    }

    @Test
    void unknownFlagValueFailsNamingTheFlagAndListingTheLevels() {
        assertThatThrownBy(() -> LevelSelection.select("7", Map.of(), LeashConfig.defaults()))
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.source()).contains("--level"))
                .hasMessageContaining("'7'")
                .hasMessageContaining("1, 2, 3");
    }

    @Test
    void unknownEnvironmentValueFailsNamingTheVariable() {
        assertThatThrownBy(() -> LevelSelection.select(null, Map.of("LEASH_SAFETY_LEVEL", "high"), FILE_SAYS_3))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("LEASH_SAFETY_LEVEL")
                .hasMessageContaining("1, 2, 3");
    }

    @Test
    void moduleForMatchesTheSelectedLevel() {
        assertThat(Tiers.moduleFor(null, ENV_SAYS_2, FILE_SAYS_3)).isInstanceOf(Level2Module.class);
        assertThat(Tiers.moduleFor("3", Map.of(), LeashConfig.defaults())).isInstanceOf(Level3Module.class);
        assertThat(Tiers.moduleFor(null, Map.of(), LeashConfig.defaults())).isInstanceOf(Level1Module.class);
    }
}
