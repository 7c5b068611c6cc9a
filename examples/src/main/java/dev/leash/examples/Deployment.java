package dev.leash.examples;

import static java.util.Objects.requireNonNull;

import com.google.inject.Module;
import java.util.List;

/**
 * A started example agent: the Guice module that registers its tools and binds its credentials,
 * a description of the backends it uses, and the secrets to keep out of logs. Closing it stops
 * embedded backends. Thread-safe.
 */
public final class Deployment implements AutoCloseable {

    private final Module module;
    private final List<String> backends;
    private final List<String> secrets;
    private final AutoCloseable onClose;
    private final List<Object> handles;

    /**
     * @param module registers the tools ({@code Tools.bind}) and the credentials ({@code Credentials.bind})
     * @param backends one line per backend, e.g. {@code mail: embedded GreenMail, IMAP 127.0.0.1:40123}
     * @param secrets passwords and tokens the audit log and the model must never see
     * @param onClose stops what was started
     * @param handles the started backends, for looking at what happened ({@link #backend(Class)})
     */
    public Deployment(Module module, List<String> backends, List<String> secrets, AutoCloseable onClose,
                      List<?> handles) {
        this.module = requireNonNull(module, "module is null");
        this.backends = List.copyOf(backends);
        this.secrets = List.copyOf(secrets);
        this.onClose = requireNonNull(onClose, "onClose is null");
        this.handles = List.copyOf(handles);
    }

    /**
     * A started backend of this type, e.g. {@code DemoMailServer}, {@code DemoShop} or {@code
     * ServiceControl}: what a test or a demo reads to see what really happened.
     */
    public <T> java.util.Optional<T> backend(Class<T> type) {
        return handles.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    public Module module() {
        return module;
    }

    public List<String> backends() {
        return backends;
    }

    public List<String> secrets() {
        return secrets;
    }

    @Override
    public void close() {
        try {
            onClose.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the agent's backends: " + e.getMessage(), e);
        }
    }
}
