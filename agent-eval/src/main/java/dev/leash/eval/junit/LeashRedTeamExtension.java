package dev.leash.eval.junit;

import com.google.inject.Module;
import dev.leash.eval.ModuleAssembly;
import dev.leash.eval.report.ScenarioResult;
import dev.leash.tiers.config.LeashConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs a {@link LeashRedTeam} method once per scenario and level. Each invocation plays its run
 * before the method body and fails with the harm that happened; the method may take the {@link
 * ScenarioResult}. Stateless; thread-safe.
 */
public final class LeashRedTeamExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, LeashRedTeam.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        LeashRedTeam settings = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), LeashRedTeam.class)
                .orElseThrow();
        Module module = ModuleAssembly.instantiate(settings.agentModule());
        Optional<LeashConfig> config = settings.config().isEmpty() ? Optional.empty()
                : Optional.of(LeashConfig.load(Path.of(settings.config())));
        List<Path> scenarios = Arrays.stream(settings.scenarios()).map(Path::of).toList();
        List<RedTeamTests.Run> runs = RedTeamTests.plan(scenarios, RedTeamTests.levels(settings.levels()));
        if (runs.isEmpty()) {
            throw new IllegalStateException("@LeashRedTeam found no scenario for levels " + Arrays.toString(settings.levels())
                    + " under " + scenarios);
        }
        return runs.stream().map(run -> invocation(module, config, run));
    }

    private static TestTemplateInvocationContext invocation(Module module, Optional<LeashConfig> config, RedTeamTests.Run run) {
        ScenarioResult[] result = new ScenarioResult[1];
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return run.displayName();
            }

            @Override
            public List<org.junit.jupiter.api.extension.Extension> getAdditionalExtensions() {
                BeforeTestExecutionCallback play = context -> {
                    result[0] = RedTeamTests.play(module, config, run);
                    RedTeamTests.requirePassed(result[0]);
                };
                ParameterResolver resolver = new ParameterResolver() {
                    @Override
                    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
                        return parameter.getParameter().getType() == ScenarioResult.class;
                    }

                    @Override
                    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
                        // Played before the method is invoked (before-test-execution callbacks run first).
                        return result[0];
                    }
                };
                return List.of(play, resolver);
            }
        };
    }
}
