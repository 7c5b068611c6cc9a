package dev.leash.eval.sandbox;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHandler;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;

/**
 * GreenMail whose SMTP and IMAP servers answer without Nagle's delay: every accepted connection
 * has {@code TCP_NODELAY} set. GreenMail writes some replies in two pieces; with Nagle's algorithm
 * on, the second piece waits for the client's acknowledgement of the first, which the client
 * delays (up to 40 ms on Linux) while it waits for the rest of the reply, so every new connection
 * and many commands stalled for tens of milliseconds.
 *
 * <p>Use {@link #smtpPort()} and {@link #imapPort()} for the ports; {@link #getImap()} is not
 * available (GreenMail's IMAP server class cannot be extended, so this one is its own). Thread-safe
 * as GreenMail is.
 */
public final class NoDelayGreenMail extends GreenMail {

    public NoDelayGreenMail(ServerSetup[] setups) {
        super(setups);
    }

    @Override
    protected Map<String, AbstractServer> createServices(ServerSetup[] setups, Managers managers) {
        Map<String, AbstractServer> services = super.createServices(setups, managers);
        for (ServerSetup setup : setups) {
            String protocol = setup.getProtocol();
            if (protocol.startsWith("smtp")) {
                services.put(protocol, new NoDelaySmtp(setup, managers));
            } else if (protocol.startsWith("imap")) {
                services.put(protocol, new NoDelayImap(setup, managers));
            }
        }
        return services;
    }

    /** The port the SMTP server listens on. */
    public int smtpPort() {
        return services.get(ServerSetup.PROTOCOL_SMTP).getPort();
    }

    /** The port the IMAP server listens on. */
    public int imapPort() {
        return services.get(ServerSetup.PROTOCOL_IMAP).getPort();
    }

    private static void noDelay(Socket socket) {
        try {
            socket.setTcpNoDelay(true);
        } catch (SocketException e) {
            // The connection still works, only slower.
        }
    }

    private static final class NoDelaySmtp extends SmtpServer {
        NoDelaySmtp(ServerSetup setup, Managers managers) {
            super(setup, managers);
        }

        @Override
        protected ProtocolHandler createProtocolHandler(Socket socket) {
            noDelay(socket);
            return super.createProtocolHandler(socket);
        }
    }

    private static final class NoDelayImap extends AbstractServer {
        NoDelayImap(ServerSetup setup, Managers managers) {
            super(setup, managers);
        }

        @Override
        protected ProtocolHandler createProtocolHandler(Socket socket) {
            noDelay(socket);
            return new ImapHandler(managers.getUserManager(), managers.getImapHostManager(), socket);
        }
    }
}
