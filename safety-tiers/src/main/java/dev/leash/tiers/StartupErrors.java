package dev.leash.tiers;

import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import dev.leash.api.ConfigurationException;
import dev.leash.api.LeashException;
import dev.leash.api.tool.ToolDefinitionException;
import java.util.Collection;
import java.util.Optional;

/**
 * Turns Guice's start-up failures back into the one error that caused them. A tool that cannot be
 * registered, or a configuration value that is wrong, fails inside a module or a provider; Guice
 * then reports it among every binding the aborted module did not make ("AuditSink is not
 * explicitly bound" and the like). What a user must fix is the {@link LeashException} at the root:
 * a {@link ToolDefinitionException} first, then a {@link ConfigurationException}, then any other.
 *
 * <p>Stateless; thread-safe.
 */
public final class StartupErrors {

    private StartupErrors() {
    }

    /**
     * The Leash error at the root of a Guice start-up failure, if there is one.
     *
     * @param failure a {@link CreationException}, a {@link ProvisionException} or anything else
     */
    public static Optional<LeashException> rootCause(RuntimeException failure) {
        Collection<Message> messages;
        if (failure instanceof CreationException creation) {
            messages = creation.getErrorMessages();
        } else if (failure instanceof ProvisionException provision) {
            messages = provision.getErrorMessages();
        } else {
            return find(failure);
        }
        Optional<LeashException> found = Optional.empty();
        for (Message message : messages) {
            Optional<LeashException> cause = find(message.getCause());
            if (cause.isPresent() && rank(cause.get()) < found.map(StartupErrors::rank).orElse(Integer.MAX_VALUE)) {
                found = cause;
            }
        }
        return found;
    }

    /** The Leash error at the root of {@code failure} if there is one, else {@code failure} itself. */
    public static RuntimeException unwrap(RuntimeException failure) {
        return rootCause(failure).<RuntimeException>map(e -> e).orElse(failure);
    }

    private static Optional<LeashException> find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof LeashException leash) {
                return Optional.of(leash);
            }
            if ((t instanceof CreationException || t instanceof ProvisionException) && t != failure) {
                return rootCause((RuntimeException) t);
            }
        }
        return Optional.empty();
    }

    private static int rank(LeashException e) {
        return e instanceof ToolDefinitionException ? 0 : e instanceof ConfigurationException ? 1 : 2;
    }
}
