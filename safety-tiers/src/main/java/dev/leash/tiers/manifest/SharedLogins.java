package dev.leash.tiers.manifest;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.Credential;
import dev.leash.api.tool.CredentialProvider;
import dev.leash.api.tool.Impact;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Warnings for the permission documentation when READ calls and WRITE calls of a service log in
 * as the same user. A READ login is the last line of defence when a call is misjudged as READ
 * (an SQL function with a side effect, say): it only holds when that login cannot write. The
 * login a call uses is the one the deployment bound for the highest impact at most the call's
 * ({@link dev.leash.tiers.credential.Credentials}), so a service bound only for READ shares it
 * with WRITE calls too. Stateless and thread-safe.
 */
public final class SharedLogins {

    private static final Pattern ENV_USER = Pattern.compile("LEASH_([A-Z0-9]+)_(READ|WRITE|IRREVERSIBLE)_USER");

    private SharedLogins() {
    }

    /** One warning per service in {@code services} whose READ and WRITE calls log in as the same user. */
    public static List<String> warnings(CredentialProvider credentials, Collection<String> services) {
        requireNonNull(credentials, "credentials is null");
        requireNonNull(services, "services is null");
        List<String> warnings = new ArrayList<>();
        for (String service : new TreeSet<>(services)) {
            Optional<Credential> read = credentials.credential(service, Impact.READ);
            Optional<Credential> write = credentials.credential(service, Impact.WRITE);
            if (read.isPresent() && write.isPresent() && read.get().user().equals(write.get().user())) {
                warnings.add(service + ": READ and WRITE calls log in as the same user '" + read.get().user()
                        + "'; if it can write, a READ call that is misjudged can write too. Bind a login that can only"
                        + " read (e.g. a database user with SELECT only) for READ and another for WRITE.");
            }
        }
        return warnings;
    }

    /**
     * {@link #warnings(CredentialProvider, Collection)} for the logins a launcher takes from the
     * environment: {@code LEASH_<SERVICE>_<READ|WRITE|IRREVERSIBLE>_USER} (e.g. {@code
     * LEASH_JDBC_READ_USER}); the service is the lower-cased middle part.
     */
    public static List<String> warnings(Map<String, String> env) {
        requireNonNull(env, "env is null");
        List<Credential> bound = new ArrayList<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            Matcher m = ENV_USER.matcher(e.getKey());
            if (m.matches() && e.getValue() != null && !e.getValue().isBlank()) {
                bound.add(new Credential(m.group(1).toLowerCase(Locale.ROOT), e.getValue().strip(), "",
                        Impact.valueOf(m.group(2))));
            }
        }
        CredentialProvider provider = (service, impact) -> bound.stream()
                .filter(c -> c.service().equals(service) && c.impact().isAtMost(impact))
                .max(java.util.Comparator.comparing(Credential::impact));
        return warnings(provider, bound.stream().map(Credential::service).toList());
    }
}
