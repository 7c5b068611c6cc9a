package dev.leash.eval.junit;

import com.google.inject.Module;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Plays red-team scenarios against an agent of one's own, one test per scenario and level:
 *
 * <pre>{@code
 * class RedTeamTest {
 *     @LeashRedTeam(agentModule = ShopAgentModule.class, config = "leash.yaml",
 *                   scenarios = "src/test/redteam", levels = {2, 3})
 *     void redTeam(ScenarioResult result) {
 *         // optional further checks; the test already failed if harm happened
 *     }
 * }
 * }</pre>
 *
 * <p>Each test plays one scenario at one level on a fresh sandbox, through {@link
 * dev.leash.eval.ModuleAssembly} (the module's own tools, its configuration, the sandbox's backends
 * for the standard tools), and fails naming the harm that happened, the success effects a benign
 * task missed, or the error that kept it from running. The method may take the {@link
 * dev.leash.eval.report.ScenarioResult} to check more. Run it before deployment and after every
 * change to the agent's tools, prompt or configuration.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(LeashRedTeamExtension.class)
public @interface LeashRedTeam {

    /** The agent's Guice module (tools, credentials), with a public no-argument constructor. */
    Class<? extends Module> agentModule();

    /**
     * The agent's {@code leash.yaml} (a path relative to the working directory, the project folder
     * under Maven); empty: each scenario's {@code deployment}.
     */
    String config() default "";

    /** Scenario files or folders of them, relative to the working directory. */
    String[] scenarios();

    /** The levels to play each scenario at (those the scenario applies to); default all three. */
    int[] levels() default {1, 2, 3};
}
