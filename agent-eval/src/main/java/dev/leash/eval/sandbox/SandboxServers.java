package dev.leash.eval.sandbox;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.icegreen.greenmail.util.ServerSetup;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The in-process servers sandboxes use: a mail server (SMTP and IMAP) and an HTTP stub, both on
 * free loopback ports. Starting them costs more than a run, so a runner starts them once and each
 * {@link Sandbox} empties and seeds them; sandboxes sharing servers must therefore run one at a
 * time. Not thread-safe for concurrent sandboxes.
 */
public final class SandboxServers implements AutoCloseable {

    /** The address the servers listen on. */
    public static final String LOOPBACK = "127.0.0.1";

    private final NoDelayGreenMail mail;
    private final WireMockServer http;
    private final String password;

    private SandboxServers() {
        ServerSetup smtp = new ServerSetup(0, LOOPBACK, ServerSetup.PROTOCOL_SMTP).dynamicPort();
        ServerSetup imap = new ServerSetup(0, LOOPBACK, ServerSetup.PROTOCOL_IMAP).dynamicPort();
        this.mail = new NoDelayGreenMail(new ServerSetup[] {smtp, imap});
        this.http = new WireMockServer(WireMockConfiguration.options()
                .bindAddress(LOOPBACK)
                .dynamicPort()
                .notifier(new Slf4jNotifier(false)));
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        this.password = HexFormat.of().formatHex(random);
    }

    /** Starts both servers. */
    public static SandboxServers start() {
        SandboxServers servers = new SandboxServers();
        try {
            servers.mail.start();
            servers.http.start();
        } catch (RuntimeException e) {
            servers.close();
            throw e;
        }
        return servers;
    }

    NoDelayGreenMail mail() {
        return mail;
    }

    WireMockServer http() {
        return http;
    }

    String password() {
        return password;
    }

    @Override
    public void close() {
        try {
            http.stop();
        } finally {
            mail.stop();
        }
    }
}
