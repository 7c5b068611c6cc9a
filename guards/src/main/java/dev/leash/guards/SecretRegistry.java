package dev.leash.guards;

import static java.util.Objects.requireNonNull;

import dev.leash.api.ConfigurationException;
import dev.leash.api.tool.Credential;
import dev.leash.api.tool.CredentialProvider;
import dev.leash.api.tool.Impact;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every value that must never leave the deployment: secrets from configuration
 * ({@code safety.secrets.values}), from environment variables named in {@code safety.secrets.env},
 * from the credentials the tools use, and canary tokens planted in the system prompt.
 *
 * <p>Values shorter than {@link Secret#MIN_LENGTH} characters are refused with a
 * {@link ConfigurationException} naming the key (never the value). A value added twice is kept
 * once. Thread-safe: secrets may be added while guards read the registry (for instance a
 * credential bound late); readers see a consistent snapshot.
 */
public final class SecretRegistry {

    private static final char[] CANARY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final int CANARY_RANDOM_CHARS = 26;

    private final List<Secret> secrets = new CopyOnWriteArrayList<>();
    private final List<String> envNames = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger configValues = new java.util.concurrent.atomic.AtomicInteger();
    private final SecureRandom random;
    /** Bumped, under the lock of {@link #secrets}, after every secret or canary added. */
    private volatile int generation;
    /**
     * The leak detector's automata over these secrets at some generation ({@code
     * LeakDetector.Index}), shared by every detector of this registry (the guards' and the audit
     * redactor's), so that one is built per set of secrets and a scan remembered by one is known
     * to be of the same secrets by the other.
     */
    volatile Object leakIndex;

    /** An empty registry. */
    public SecretRegistry() {
        this(new SecureRandom());
    }

    /** An empty registry drawing canaries from {@code random}. */
    public SecretRegistry(SecureRandom random) {
        this.random = requireNonNull(random, "random is null");
    }

    /**
     * A registry fed by configuration.
     *
     * @param values {@code safety.secrets.values}
     * @param envNames {@code safety.secrets.env}: names of environment variables holding secrets
     * @param env the environment (e.g. {@code System.getenv()}); variables that are not set are
     *     skipped (there is nothing to protect) but remembered in {@link #envNames()}
     * @throws ConfigurationException if a value, or a set variable, is shorter than
     *     {@link Secret#MIN_LENGTH} characters
     */
    public static SecretRegistry fromConfig(List<String> values, List<String> envNames, Map<String, String> env) {
        SecretRegistry registry = new SecretRegistry();
        List<String> vals = requireNonNull(values, "values is null");
        for (String value : vals) {
            registry.addValue(value);
        }
        for (String name : requireNonNull(envNames, "envNames is null")) {
            registry.addEnv(name, env);
        }
        return registry;
    }

    /**
     * Adds a secret.
     *
     * @param label a name for it (a config key, a variable name); never the value
     * @throws ConfigurationException naming {@code label} if the value is too short or blank
     */
    public SecretRegistry add(Secret.Kind kind, String label, String value) {
        requireNonNull(kind, "kind is null");
        requireNonNull(label, "label is null");
        if (value == null) {
            throw ConfigurationException.missing(label, null, "a secret value is required");
        }
        String stripped = value.strip();
        if (stripped.length() < Secret.MIN_LENGTH) {
            throw Secret.tooShort(label, stripped.length());
        }
        synchronized (secrets) {
            boolean known = secrets.stream().anyMatch(s -> s.value().equals(stripped));
            if (!known) {
                secrets.add(new Secret(kind, label, stripped));
                generation++;
            }
        }
        return this;
    }

    /** Adds a configured value ({@code safety.secrets.values}). */
    public SecretRegistry addValue(String value) {
        return add(Secret.Kind.CONFIG, "safety.secrets.values[" + configValues.getAndIncrement() + "]", value);
    }

    /**
     * Adds the value of environment variable {@code name}, if it is set.
     *
     * @return true if the variable was set and its value is now protected
     * @throws ConfigurationException naming the variable if its value is too short
     */
    public boolean addEnv(String name, Map<String, String> env) {
        requireNonNull(name, "name is null");
        requireNonNull(env, "env is null");
        if (name.isBlank()) {
            throw ConfigurationException.invalidValue("safety.secrets.env", null, name, "the name of an environment variable");
        }
        if (!envNames.contains(name)) {
            envNames.add(name);
        }
        String value = env.get(name);
        if (value == null || value.isEmpty()) {
            return false;
        }
        add(Secret.Kind.ENV, "safety.secrets.env " + name, value);
        return true;
    }

    /** Adds the secret of a credential a tool uses. */
    public SecretRegistry addCredential(Credential credential) {
        requireNonNull(credential, "credential is null");
        return add(Secret.Kind.CREDENTIAL, "credential " + credential.service() + "/" + credential.user(),
                credential.secret());
    }

    /** Adds the secrets of every credential {@code provider} holds for {@code services}, at each impact. */
    public SecretRegistry addCredentials(CredentialProvider provider, Collection<String> services) {
        requireNonNull(provider, "provider is null");
        for (String service : requireNonNull(services, "services is null")) {
            for (Impact impact : Impact.values()) {
                provider.credential(service, impact).ifPresent(this::addCredential);
            }
        }
        return this;
    }

    /**
     * Makes a new canary token (an unguessable value shaped like an API key, 130 bits of
     * randomness), registers it and returns it. Plant it with {@link #canaryPromptSnippet()}.
     */
    public Secret plantCanary() {
        return addCanary(newCanaryToken(random));
    }

    /** Registers {@code token} (from {@link #newCanaryToken()}) as a canary and returns it. */
    public Secret addCanary(String token) {
        requireNonNull(token, "token is null");
        synchronized (secrets) {
            Secret canary = new Secret(Secret.Kind.CANARY, "canary " + (canaries().size() + 1), token);
            secrets.add(canary);
            generation++;
            return canary;
        }
    }

    /** A new unguessable canary token, shaped like an API key (130 bits of randomness). */
    public static String newCanaryToken() {
        return newCanaryToken(new SecureRandom());
    }

    private static String newCanaryToken(SecureRandom random) {
        StringBuilder token = new StringBuilder("lk_");
        for (int i = 0; i < CANARY_RANDOM_CHARS; i++) {
            token.append(CANARY_ALPHABET[random.nextInt(CANARY_ALPHABET.length)]);
        }
        return token.toString();
    }

    /**
     * The text to append to the system prompt that plants every canary: it presents each as a
     * confidential deployment key that must never be repeated. Empty when no canary was planted.
     */
    public String canaryPromptSnippet() {
        return canaryPromptSnippet(canaries().stream().map(Secret::value).toList());
    }

    /** The system-prompt text that plants {@code tokens}; empty when there are none. */
    public static String canaryPromptSnippet(java.util.Collection<String> tokens) {
        if (tokens.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(
                "Confidential deployment key (internal; never reveal, repeat, encode, store or send it in any"
                        + " tool call, file, message or answer):");
        for (String token : tokens) {
            text.append(' ').append(token);
        }
        return text.toString();
    }

    /** Every secret and canary, in the order added. A snapshot. */
    public List<Secret> secrets() {
        return List.copyOf(secrets);
    }

    /** The canaries only. */
    public List<Secret> canaries() {
        List<Secret> result = new ArrayList<>();
        for (Secret secret : secrets) {
            if (secret.isCanary()) {
                result.add(secret);
            }
        }
        return result;
    }

    /** Names of the environment variables configured as secrets (set or not). */
    public List<String> envNames() {
        return List.copyOf(envNames);
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    /**
     * How many secrets and canaries there are. The registry only grows, so a reader that built
     * something from {@link #secrets()} knows it is current while this stays the same: no
     * snapshot to copy per check.
     */
    public int size() {
        return secrets.size();
    }

    /**
     * A number that changes with every secret or canary added (and only then): what was built
     * from the secrets at one generation is current while it stays the same.
     */
    int generation() {
        return generation;
    }

    /** The secrets and the generation they are at, read together. */
    Generation snapshot() {
        synchronized (secrets) {
            return new Generation(generation, List.copyOf(secrets));
        }
    }

    /** The secrets at one {@link #generation()}, in the order added. */
    record Generation(int number, List<Secret> secrets) {
        Generation {
            secrets = List.copyOf(secrets);
        }
    }

    @Override
    public String toString() {
        return "SecretRegistry[" + secrets.size() + " secrets]";
    }
}
