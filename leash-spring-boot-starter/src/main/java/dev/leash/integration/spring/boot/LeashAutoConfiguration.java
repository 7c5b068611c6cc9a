package dev.leash.integration.spring.boot;

import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.audit.AlertSink;
import dev.leash.api.audit.AuditSink;
import dev.leash.core.audit.JsonlAuditSink;
import dev.leash.integration.springai.LeashToolCallbacks;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.springframework.ai.chat.client.ChatClientCustomizer;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Puts a Leash tier under the Spring AI tools of the application.
 *
 * <ul>
 *   <li>{@link LeashProperties}: the {@code leash.*} properties, the keys of {@code leash.yaml};
 *       the level from {@code leash.safety.level};
 *   <li>{@link AuditSink}: a hash-chained JSON Lines log at {@code leash.integration.audit_file},
 *       unless the application defines one;
 *   <li>the approval gate: an {@link ApprovalGate} bean of the application, else the gate of
 *       {@code leash.safety.approvals} (default: deny); an {@link AlertSink} bean likewise;
 *   <li>{@link LeashToolCallbacks}: every bean with Spring AI {@code @Tool} methods, every {@code
 *       ToolCallback} bean and the callbacks of every {@code ToolCallbackProvider} bean, guarded (a
 *       tool without a declared impact stops start-up);
 *   <li>{@link ToolCallingManager}: the chat models' manager, through which even a call of a tool
 *       the model was not offered reaches the tier;
 *   <li>a {@link ChatClientCustomizer} that gives every {@code ChatClient} built from the
 *       auto-configured builder the tools the tier offers.
 * </ul>
 *
 * <p>Off with {@code leash.integration.enabled=false}.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration",
        "org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration"})
@ConditionalOnClass(ToolCallback.class)
@ConditionalOnProperty(prefix = "leash.integration", name = "enabled", havingValue = "true", matchIfMissing = true)
public class LeashAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LeashProperties leashProperties(ConfigurableEnvironment environment) {
        return LeashProperties.from(environment);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(AuditSink.class)
    JsonlAuditSink leashAuditSink(LeashProperties properties) {
        return JsonlAuditSink.open(properties.auditFile(), properties.config().safety().secrets().values());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    LeashToolCallbacks leashToolCallbacks(ApplicationContext context, LeashProperties properties, AuditSink audit,
                                          ObjectProvider<ApprovalGate> gate, ObjectProvider<AlertSink> alerts,
                                          ObjectProvider<ToolCallback> callbacks,
                                          ObjectProvider<ToolCallbackProvider> providers) {
        LeashToolCallbacks.Builder builder = LeashToolCallbacks.builder(properties.level(), properties.config())
                .audit(audit)
                .principal(properties.principal())
                .declarations(properties.declarations());
        gate.ifAvailable(builder::approvalGate);
        alerts.ifAvailable(builder::alertSink);
        Set<String> names = new HashSet<>();
        for (String bean : context.getBeanDefinitionNames()) {
            Class<?> type = context.getType(bean, false);
            if (type != null && hasToolMethods(ClassUtils.getUserClass(type))) {
                Object tools = context.getBean(bean);
                builder.toolObjects(tools);
                Arrays.stream(ClassUtils.getUserClass(tools).getMethods())
                        .filter(m -> m.isAnnotationPresent(Tool.class))
                        .map(m -> org.springframework.ai.tool.support.ToolDefinitions.from(m).name())
                        .forEach(names::add);
            }
        }
        // A provider or callback bean that offers a tool already taken from a @Tool bean is the
        // same tool registered twice (e.g. a MethodToolCallbackProvider over that bean): guarded once.
        callbacks.orderedStream().filter(c -> names.add(c.getToolDefinition().name())).forEach(builder::toolCallbacks);
        providers.orderedStream().flatMap(p -> Arrays.stream(p.getToolCallbacks()))
                .filter(c -> names.add(c.getToolDefinition().name()))
                .forEach(builder::toolCallbacks);
        return builder.build();
    }

    private static boolean hasToolMethods(Class<?> type) {
        for (Method method : type.getMethods()) {
            if (method.isAnnotationPresent(Tool.class)) {
                return true;
            }
        }
        return false;
    }

    @Bean
    @ConditionalOnMissingBean
    ToolCallingManager leashToolCallingManager(LeashToolCallbacks tools) {
        return tools.toolCallingManager();
    }

    /** Gives every auto-configured {@code ChatClient} the guarded tools. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ChatClientCustomizer.class)
    static class ChatClientTools {
        @Bean
        ChatClientCustomizer leashChatClientTools(LeashToolCallbacks tools) {
            return builder -> builder.defaultToolCallbacks(tools.callbacks());
        }
    }
}
