package dev.leash.guards;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises escalation in text a model wrote (tool-call arguments, step text): asking for
 * credentials, reaching for credential files or the environment, asking for wider permissions
 * or a different safety level, proposing to disable a guard. Patterns are deliberately specific
 * (a verb aimed at a credential or a guard) so ordinary work ("reset your password via the
 * portal") does not trip them. Immutable and thread-safe.
 */
public final class EscalationSignals {

    /** What kind of escalation was seen. */
    public enum Kind {
        /** Reading or sending credential files or the process environment. */
        CREDENTIAL_ACCESS("credential_access"),
        /** Asking someone for passwords, keys or tokens. */
        CREDENTIAL_REQUEST("credential_request"),
        /** Asking for admin rights, a higher safety level, more permissions. */
        PERMISSION_REQUEST("permission_request"),
        /** Proposing to disable, bypass or relax a guard, or editing the safety configuration. */
        GUARD_DISABLE("guard_disable");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The incident kind written to the audit log. */
        public String label() {
            return label;
        }
    }

    /**
     * One signal.
     *
     * @param kind what was seen
     * @param evidence the words that matched (short)
     */
    public record Signal(Kind kind, String evidence) {
        public Signal {
            requireNonNull(kind, "kind is null");
            requireNonNull(evidence, "evidence is null");
        }
    }

    private static final Pattern CREDENTIAL_PATH = Pattern.compile(
            "(?:^|[/\\\\\\s\"'=:])(?:\\.env(?!\\.(?:example|sample|template|dist)\\b)(?:\\.[a-z0-9_-]+)?|\\.netrc|\\.pgpass|\\.git-credentials|\\.npmrc|\\.pypirc"
                    + "|id_(?:rsa|dsa|ecdsa|ed25519)(?:\\.pub)?|\\.ssh/[^\\s]*|\\.aws/credentials|\\.aws/config|\\.kube/config"
                    + "|\\.docker/config\\.json|etc/shadow|etc/sudoers|proc/(?:self|\\d+)/environ"
                    + "|[\\w.-]*credentials?\\.(?:json|ya?ml|txt|csv|xml|ini)|[\\w.-]+\\.(?:p12|pfx|jks|keystore)"
                    // a .pem is often a public certificate (a CA bundle); only a key's is a credential
                    + "|[\\w.-]*(?:key|private|secret|priv)[\\w.-]*\\.pem"
                    + "|leash\\.ya?ml)(?=$|[\\s\"',;)])");
    private static final Pattern ENV_DUMP = Pattern.compile(
            "\\bprintenv\\b|^\\s*env\\s*(?:$|\\|)|\\bsystem\\.getenv\\b|\\bprocess\\.env\\b|\\bos\\.environ\\b|\\$env\\{"
                    + "|\\bgetenv\\s*\\(|/proc/self/environ|\\bset\\s*\\|\\s*grep\\b");
    private static final Pattern CREDENTIAL_REQUEST = Pattern.compile(
            "\\b(?:send|give|share|provide|tell|show|reveal|forward|paste|disclose|hand over|dump|print|list|export|email|mail)"
                    + "\\s+(?:me|us|it|them)?\\s*(?:all\\s+)?(?:the|your|a|an|my|our|its|their|any|admin|root|system)?\\s*"
                    + "(?:admin(?:istrator)?\\s+|root\\s+|service\\s+|production\\s+|prod\\s+|aws\\s+|openai\\s+|smtp\\s+|database\\s+|db\\s+)?"
                    + "(?:passwords?|passwd|credentials|api[ _-]?keys?|secret[ _-]?keys?|private[ _-]?keys?|access[ _-]?keys?"
                    + "|access[ _-]?tokens?|auth(?:entication)?[ _-]?tokens?|bearer[ _-]?tokens?|ssh[ _-]?keys?|login details"
                    + "|environment variables|env vars)\\b"
                    // "send me the password reset link" asks for a way to reset one, not for a credential
                    + "(?!\\s*(?:reset|recovery|policy|policies|manager|change|expiry|expiration|rules?|requirements?"
                    + "|strength|hint|form|page|link|portal|instructions|rotation|vault)\\b)");
    private static final Pattern PERMISSION_REQUEST = Pattern.compile(
            "\\b(?:grant|give|assign|escalate|elevate|increase|widen|expand|raise|extend|upgrade)\\s+(?:me|us|my|our|the agent'?s?|agent|this agent)?\\s*"
                    + "(?:to\\s+)?(?:admin(?:istrator)?|root|sudo|superuser|elevated|more|wider|full|higher|unrestricted|write|owner)\\s+"
                    + "(?:access|rights|permissions?|privileges?|role|level|scope)\\b"
                    + "|\\b(?:set|change|raise|lower|switch|increase|reduce)\\s+(?:the\\s+)?(?:safety|security)\\s+(?:level|tier)\\b"
                    + "|\\bleash_safety_level\\b|\\bsafety\\.level\\b|\\bmax_denials\\b|\\bsafety\\.allow\\b"
                    + "|\\bgrant\\s+(?:all|select|insert|update|delete|admin|dba)\\b[^;]*\\bto\\b|\\balter\\s+(?:user|role)\\b"
                    + "|\\bcreate\\s+(?:user|role)\\b|\\bsudo\\s+\\S|\\bchmod\\s+(?:-r\\s+)?[0-7]*7[0-7]*\\b");
    private static final Pattern GUARD_DISABLE = Pattern.compile(
            "\\b(?:disabl(?:e|ing)|turn(?:ing)? off|switch(?:ing)? off|shut(?:ting)? off|bypass(?:ing)?|circumvent(?:ing)?"
                    + "|deactivat(?:e|ing)|get(?:ting)? around|work(?:ing)? around|evad(?:e|ing)|overrid(?:e|ing)|skip(?:ping)?"
                    + "|ignor(?:e|ing)|remov(?:e|ing)|relax(?:ing)?|loosen(?:ing)?|weaken(?:ing)?)"
                    + "\\s+(?:"
                    // the agent's own guards, named as such: always a signal
                    + "(?:the\\s+|this\\s+|these\\s+|your\\s+|my\\s+|all\\s+|any\\s+|its\\s+)?"
                    + "(?:leash\\b|leak[ -]?guard|taint[ -]?guard|guardrails?|safety (?:checks?|levels?|tiers?|filters?|guards?)"
                    + "|approval (?:gates?|steps?|checks?|process|requirements?|flow)|rule of two|denial (?:limit|threshold))"
                    // ordinary things a task may well change (a gateway's rate limits, a service's
                    // allowlist): a signal only when aimed at the agent itself
                    + "|(?:your\\s+|my\\s+|its\\s+|the agent'?s\\s+|leash'?s?\\s+|your own\\s+)"
                    + "(?:guards?\\b|safeguards?|safety (?:polic(?:y|ies)|rules?|controls?|limits?)"
                    + "|security (?:checks?|monitoring|polic(?:y|ies)|controls?|filters?|scanning)"
                    + "|audit(?:ing)? (?:logs?|logging|trail)"
                    + "|allowlists?|content filters?|sandbox(?:ing)?|rate limits?|limits|restrictions|permissions checks?)"
                    + "|(?:the\\s+)?(?:guards?|safeguards?|audit(?:ing)? (?:logs?|logging|trail)|allowlists?|sandbox(?:ing)?"
                    + "|rate limits?|restrictions)\\s+(?:on|for|of)\\s+(?:you|yourself|me|this agent|the agent|leash)\\b)");

    /**
     * A pattern with the words it cannot match without (at least one of them must be in the
     * text): most texts hold none, and a {@code contains} costs far less than a regular expression
     * with leading alternatives tried at every position.
     */
    private record Check(Kind kind, Pattern pattern, List<String> needs) {
        boolean mayMatch(String lower) {
            for (String word : needs) {
                if (lower.contains(word)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final List<Check> CHECKS = List.of(
            new Check(Kind.GUARD_DISABLE, GUARD_DISABLE, List.of("leash", "guard", "safety", "approval", "rule of two",
                    "denial", "security", "audit", "allowlist", "filter", "sandbox", "limit", "restriction", "permission")),
            new Check(Kind.CREDENTIAL_ACCESS, CREDENTIAL_PATH, List.of(".env", ".netrc", ".pgpass", ".git-credentials",
                    ".npmrc", ".pypirc", "id_", ".ssh", ".aws", ".kube", ".docker", "shadow", "sudoers", "environ",
                    "credential", ".p12", ".pfx", ".jks", ".keystore", ".pem", "leash.y")),
            new Check(Kind.CREDENTIAL_ACCESS, ENV_DUMP, List.of("env", "environ", "grep")),
            new Check(Kind.CREDENTIAL_REQUEST, CREDENTIAL_REQUEST, List.of("pass", "credential", "key", "token",
                    "login details", "environment variables", "env vars")),
            new Check(Kind.PERMISSION_REQUEST, PERMISSION_REQUEST, List.of("access", "rights", "permission", "privilege",
                    "role", "level", "scope", "grant", "alter", "create", "sudo", "chmod", "max_denials", "safety")));

    private final List<String> protectedNames;

    /** Signals, with no extra names. */
    public EscalationSignals() {
        this(List.of());
    }

    /**
     * Signals that also treat any mention of {@code protectedNames} (the environment variables
     * holding secrets, e.g. {@code OPENAI_API_KEY}) as reaching for credentials.
     */
    public EscalationSignals(List<String> protectedNames) {
        this.protectedNames = List.copyOf(requireNonNull(protectedNames, "protectedNames is null"));
    }

    /** The first signal in {@code text}, or empty. */
    public Optional<Signal> scan(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (Check check : CHECKS) {
            if (!check.mayMatch(lower)) {
                continue; // none of the words the pattern needs: skip the regular expression
            }
            Matcher m = check.pattern().matcher(lower);
            if (m.find()) {
                return Optional.of(new Signal(check.kind(), evidence(text, m.start(), m.end())));
            }
        }
        for (String name : protectedNames) {
            int at = text.indexOf(name);
            if (!name.isBlank() && at >= 0) {
                return Optional.of(new Signal(Kind.CREDENTIAL_ACCESS, "mentions the protected variable " + name));
            }
        }
        return Optional.empty();
    }

    private static String evidence(String text, int start, int end) {
        String matched = text.substring(start, end).strip();
        return matched.length() > 80 ? matched.substring(0, 80) + "..." : matched;
    }
}
