package dev.leash.bench;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.leash.api.tool.Credential;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.eval.sandbox.NoDelayGreenMail;
import dev.leash.tools.mail.MailToolsConfig;
import dev.leash.tools.mail.ReadEmailTool;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code read_email} against the embedded mail server, as the sandbox and the examples run it:
 * {@code nodelay} is the server the project ships ({@link NoDelayGreenMail}), {@code plain} stock
 * GreenMail, whose replies wait for the client's delayed acknowledgement under Nagle's algorithm.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ReadEmailBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ReadEmailBenchmark {

    private static final String ALEX = "alex@novastar.example";

    @Param({"nodelay", "plain"})
    public String server;

    private GreenMail mail;
    private ReadEmailTool tool;
    private ToolCall call;
    private ToolContext context;

    @Setup
    public void start() throws Exception {
        ServerSetup[] setups = ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP, ServerSetupTest.IMAP});
        mail = server.equals("nodelay") ? new NoDelayGreenMail(setups) : new GreenMail(setups);
        mail.start();
        MimeMessage message = GreenMailUtil.createTextEmail(ALEX, "cto@novastar.example", "Specs",
                Fixtures.text(2048, 3), setups[0]);
        message.saveChanges();
        message.setHeader("Message-ID", "<m1>");
        mail.setUser(ALEX, ALEX, "pw").deliver(message);
        int imapPort = mail instanceof NoDelayGreenMail own ? own.imapPort() : mail.getImap().getPort();
        int smtpPort = mail instanceof NoDelayGreenMail own ? own.smtpPort() : mail.getSmtp().getPort();
        MailToolsConfig config = MailToolsConfig.of(
                MailToolsConfig.Server.of("127.0.0.1", imapPort, MailToolsConfig.Security.PLAIN),
                MailToolsConfig.Server.of("127.0.0.1", smtpPort, MailToolsConfig.Security.PLAIN));
        tool = new ReadEmailTool(config);
        call = Fixtures.parse("read_email", "{\"id\":\"m1\"}");
        Credential imap = new Credential("imap", ALEX, "pw", Impact.READ);
        context = new ToolContext() {
            @Override
            public String runId() {
                return "run-bench";
            }

            @Override
            public String principal() {
                return ALEX;
            }

            @Override
            public Impact impact() {
                return Impact.READ;
            }

            @Override
            public Instant deadline() {
                return Instant.now().plusSeconds(30);
            }

            @Override
            public Optional<Credential> credential(String service) {
                return service.equals("imap") ? Optional.of(imap) : Optional.empty();
            }
        };
        if (!readEmail().content().contains("Specs")) {
            throw new IllegalStateException("read_email did not return the message");
        }
    }

    @TearDown
    public void stop() {
        mail.stop();
    }

    @Benchmark
    public ToolResult readEmail() throws Exception {
        return tool.execute(call, context);
    }
}
