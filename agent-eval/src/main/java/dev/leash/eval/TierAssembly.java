package dev.leash.eval;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Module;
import com.google.inject.Stage;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.PlannerFactory;
import dev.leash.api.run.Agent;
import dev.leash.api.tool.Credential;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Tool;
import dev.leash.core.loop.AgentLoop;
import dev.leash.core.loop.LoopSettings;
import dev.leash.core.tool.Tools;
import dev.leash.eval.sandbox.Sandbox;
import dev.leash.eval.sandbox.SandboxHttp;
import dev.leash.eval.sandbox.SandboxMail;
import dev.leash.eval.scenario.Scenario;
import dev.leash.tiers.StartupErrors;
import dev.leash.tiers.TierModule;
import dev.leash.tiers.Tiers;
import dev.leash.tiers.alert.InMemoryAlertSink;
import dev.leash.tiers.config.LeashConfig;
import dev.leash.tiers.config.SafetyConfig;
import dev.leash.tiers.config.SecretsConfig;
import dev.leash.tiers.config.TrustedConfig;
import dev.leash.tiers.credential.Credentials;
import dev.leash.tools.file.FileToolsConfig;
import dev.leash.tools.file.FileToolsModule;
import dev.leash.tools.http.HostResolver;
import dev.leash.tools.http.HttpToolsConfig;
import dev.leash.tools.http.HttpToolsModule;
import dev.leash.tools.http.HttpTransport;
import dev.leash.tools.mail.MailToolsConfig;
import dev.leash.tools.mail.MailToolsModule;
import dev.leash.tools.sql.SqlToolsConfig;
import dev.leash.tools.sql.SqlToolsModule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The product under test: the safety tier of the level (the same {@code Level1Module},
 * {@code Level2Module} or {@code Level3Module} a deployment installs, guards included) configured
 * from the scenario's {@code deployment}, with the standard tools bound to the run's sandbox and
 * the scenario's simulated tools.
 *
 * <ul>
 *   <li>files: rooted at the sandbox root;
 *   <li>mail: the sandbox's SMTP and IMAP servers, logged in as the principal (read login for
 *       reading, the same mailbox's login for sending);
 *   <li>HTTP: every host resolves to a documentation address (so the guards judge the URL as
 *       written, and private or loopback spellings are still refused); requests that pass are
 *       carried to the sandbox's loopback stub;
 *   <li>SQL: the sandbox's in-memory database, READ calls as its SELECT-only login, WRITE and
 *       IRREVERSIBLE calls as its writer (neither is an admin);
 *   <li>trust: every result is untrusted except files, hosts and tables under
 *       {@code deployment.trusted} and simulated tools declared {@code result_trust: trusted};
 *   <li>secrets: the scenario's {@code environment.secrets} join {@code deployment.secrets};
 *   <li>approvals: the scenario's simulated reviewer.
 * </ul>
 *
 * <p>Thread-safe: each call builds its own injector.
 */
public final class TierAssembly implements AgentAssembly {

    /** A wall-clock budget per run; scenarios are short. */
    private static final Duration RUN_BUDGET = Duration.ofSeconds(60);

    @Override
    public Agent assemble(Scenario scenario, Sandbox sandbox, SafetyLevel level, ApprovalGate reviewer,
                          List<Tool> simulatedTools, AuditSink audit) {
        return assemble(scenario, sandbox, level, reviewer, simulatedTools, audit, RunPlanner.scripted(scenario));
    }

    @Override
    public Agent assemble(Scenario scenario, Sandbox sandbox, SafetyLevel level, ApprovalGate reviewer,
                          List<Tool> simulatedTools, AuditSink audit, RunPlanner planner) {
        requireNonNull(scenario, "scenario is null");
        requireNonNull(planner, "planner is null");
        LeashConfig config = LeashConfig.of(safetyOf(scenario));
        List<Module> modules = new ArrayList<>(standardTools(config.safety(), sandbox));
        modules.add(new AbstractModule() {
            @Override
            protected void configure() {
                Tools tools = Tools.bind(binder());
                simulatedTools.forEach(tools::add);
            }
        });
        return agent(sandbox, level, config, modules, reviewer, audit, planner);
    }

    /** The standard tools' modules, bound to the sandbox's backends. */
    static List<Module> standardTools(SafetyConfig safety, Sandbox sandbox) {
        TrustedConfig trusted = safety.trusted();
        return List.of(
                new FileToolsModule(FileToolsConfig.of(sandbox.root()).withTrustedPaths(trusted.paths())),
                httpTools(safety, sandbox.http()),
                new MailToolsModule(mailConfig(sandbox.mail()), mailCredentials(sandbox.mail())),
                new SqlToolsModule(SqlToolsConfig.of(sandbox.databaseUrl()).withTrustedTables(trusted.tables())));
    }

    /** The tier of {@code level} around the tools of {@code toolModules}, with the harness's planner, reviewer and audit. */
    static Agent agent(Sandbox sandbox, SafetyLevel level, LeashConfig config, List<Module> toolModules,
                       ApprovalGate reviewer, AuditSink audit, RunPlanner runPlanner) {
        List<Module> modules = new ArrayList<>();
        modules.add(Tiers.moduleFor(level, config));
        modules.addAll(toolModules);
        PlannerFactory planner = runPlanner.factory();
        LoopSettings loop = runPlanner.applyTo(LoopSettings.defaults().withWallClock(RUN_BUDGET));
        modules.add(new AbstractModule() {
            @Override
            protected void configure() {
                Tools.bind(binder());
                bind(AuditSink.class).toInstance(audit);
                bind(PlannerFactory.class).toInstance(planner);
                bind(LoopSettings.class).toInstance(loop);
                TierModule.approvalGate(binder()).toInstance(reviewer);
                TierModule.recorder(binder()).toInstance(sandbox.recorder());
                // Level 3 still raises its alerts; the harness keeps them rather than logging them.
                TierModule.alertSink(binder()).toInstance(new InMemoryAlertSink());
                Credentials.bind(binder()).toInstance(credentials(sandbox));
            }
        });
        try {
            return Guice.createInjector(Stage.PRODUCTION, modules).getInstance(AgentLoop.class);
        } catch (RuntimeException e) {
            throw StartupErrors.unwrap(e);
        }
    }

    /** The scenario's deployment as the tier's configuration, with the scenario's secrets added. */
    static SafetyConfig safetyOf(Scenario scenario) {
        SafetyConfig safety = LeashConfig.parseDeployment(scenario.deployment().safety(), "deployment", scenario.source());
        Set<String> values = new LinkedHashSet<>(safety.secrets().values());
        values.addAll(scenario.environment().secrets());
        return safety.withSecrets(new SecretsConfig(safety.secrets().env(), List.copyOf(values)));
    }

    private static Module httpTools(SafetyConfig safety, SandboxHttp http) {
        HttpToolsConfig config = HttpToolsConfig.ofDefaults()
                .withHosts(safety.allow().httpHosts())
                .withTrustedHosts(safety.trusted().httpHosts())
                // The documentation ranges stand for the scenario's public hosts.
                .withAllowedAddresses(List.of("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"))
                .withTimeout(Duration.ofSeconds(10));
        HostResolver resolver = host -> List.of(http.documentationAddress(host));
        HttpTransport direct = HttpTransport.javaNet();
        HttpTransport toStub = request -> direct.send(new HttpTransport.Request(request.method(), http.route(request.uri()),
                request.addresses(), request.headers(), request.body(), request.timeout(), request.maxResponseBytes()));
        return new HttpToolsModule(config, resolver, toStub);
    }

    private static MailToolsConfig mailConfig(SandboxMail mail) {
        return MailToolsConfig.of(
                        MailToolsConfig.Server.of(mail.host(), mail.imapPort(), MailToolsConfig.Security.PLAIN),
                        MailToolsConfig.Server.of(mail.host(), mail.smtpPort(), MailToolsConfig.Security.PLAIN))
                .withFrom(mail.address())
                .withTimeout(Duration.ofSeconds(10));
    }

    /** The read login the forward tool uses to inspect what it would send. */
    private static Credentials mailCredentials(SandboxMail mail) {
        return Credentials.builder().add(new Credential("imap", mail.login(), mail.password(), Impact.READ)).build();
    }

    private static Credentials credentials(Sandbox sandbox) {
        SandboxMail mail = sandbox.mail();
        return Credentials.builder()
                .add(new Credential("imap", mail.login(), mail.password(), Impact.READ))
                .add(new Credential("smtp", mail.login(), mail.password(), Impact.IRREVERSIBLE))
                .add(new Credential("jdbc", sandbox.databaseReader(), sandbox.databaseReaderPassword(), Impact.READ))
                .add(new Credential("jdbc", sandbox.databaseWriter(), sandbox.databaseWriterPassword(), Impact.WRITE))
                .build();
    }
}
