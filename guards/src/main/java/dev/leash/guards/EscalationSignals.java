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
     * text): most texts hold none, and looking for words costs far less than a regular expression
     * with leading alternatives tried at every position. {@code verbs}, when not empty, is a
     * second such set: every match of the pattern starts with one of these verbs (the pattern is
     * one verb followed by one object), so a text without any of them cannot match either.
     */
    record Check(Kind kind, Pattern pattern, List<String> needs, List<String> verbs) {
        /** Whether the pattern may match {@code lower}, by {@code contains} (the reference for {@link Words}). */
        boolean mayMatch(String lower) {
            return containsAny(lower, needs) && (verbs.isEmpty() || containsAny(lower, verbs));
        }

        private static boolean containsAny(String lower, List<String> words) {
            for (String word : words) {
                if (lower.contains(word)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final List<Check> CHECKS = List.of(
            new Check(Kind.GUARD_DISABLE, GUARD_DISABLE, List.of("leash", "guard", "safety", "approval", "rule of two",
                    "denial", "security", "audit", "allowlist", "filter", "sandbox", "limit", "restriction", "permission"),
                    List.of("disabl", "turn", "switch", "shut", "bypass", "circumvent", "deactivat", "get", "work", "evad",
                            "overrid", "skip", "ignor", "remov", "relax", "loosen", "weaken")),
            new Check(Kind.CREDENTIAL_ACCESS, CREDENTIAL_PATH, List.of(".env", ".netrc", ".pgpass", ".git-credentials",
                    ".npmrc", ".pypirc", "id_", ".ssh", ".aws", ".kube", ".docker", "shadow", "sudoers", "environ",
                    "credential", ".p12", ".pfx", ".jks", ".keystore", ".pem", "leash.y"), List.of()),
            new Check(Kind.CREDENTIAL_ACCESS, ENV_DUMP, List.of("env", "environ", "grep"), List.of()),
            new Check(Kind.CREDENTIAL_REQUEST, CREDENTIAL_REQUEST, List.of("pass", "credential", "key", "token",
                    "login details", "environment variables", "env vars"),
                    List.of("send", "give", "share", "provide", "tell", "show", "reveal", "forward", "paste", "disclose",
                            "hand over", "dump", "print", "list", "export", "mail")),
            new Check(Kind.PERMISSION_REQUEST, PERMISSION_REQUEST, List.of("access", "rights", "permission", "privilege",
                    "role", "level", "tier", "scope", "grant", "alter", "create", "sudo", "chmod", "max_denials", "safety"),
                    List.of()));

    /** Every check's words in one automaton: one pass over the text says which patterns may match. */
    private static final Words WORDS = new Words(CHECKS);

    /** The checks in the order they are tried (package-private for the tests). */
    static List<Check> checks() {
        return CHECKS;
    }

    /**
     * An Aho-Corasick automaton over the words of all checks (all lower-case ASCII), built once.
     * {@link #mayMatch} reads the text once and answers, for each check, exactly what {@link
     * Check#mayMatch} answers with its {@code contains} calls on the text lower-cased: bit {@code
     * 2i} is set when a word of check {@code i}'s {@code needs} occurs, bit {@code 2i+1} when one
     * of its {@code verbs} does. ASCII capitals step like their small letters (for ASCII text that
     * is what {@code toLowerCase(Locale.ROOT)} does). A text with any other character is read
     * again lower-cased by {@code toLowerCase} itself (a few characters outside ASCII lower-case
     * into ASCII, such as the Kelvin sign into {@code k}); there, a character outside ASCII is in
     * no word and sends the automaton back to its root.
     */
    static final class Words {
        private static final int ALPHABET = 128;
        private static final int STATE = 0x7FFF_FFFF;
        /**
         * Transitions, flat: entry {@code state + c} is the next state times {@value #ALPHABET},
         * negative when the next state completes a word (its words are in {@link #found}).
         */
        private final int[] table;
        private final long[] found;
        private final long[] required;

        Words(List<Check> checks) {
            if (checks.size() > 32) {
                throw new IllegalArgumentException("at most 32 checks: " + checks.size());
            }
            List<int[]> trie = new java.util.ArrayList<>();
            List<Long> out = new java.util.ArrayList<>();
            trie.add(newState());
            out.add(0L);
            required = new long[checks.size()];
            for (int i = 0; i < checks.size(); i++) {
                Check check = checks.get(i);
                required[i] = check.verbs().isEmpty() ? 1L << (2 * i) : 3L << (2 * i);
                for (String word : check.needs()) {
                    add(trie, out, word, 1L << (2 * i));
                }
                for (String word : check.verbs()) {
                    add(trie, out, word, 1L << (2 * i + 1));
                }
            }
            // Breadth first: each state's failure link, its outputs joined with its failure's,
            // and missing transitions filled in, so that matching is one table look-up per character.
            int states = trie.size();
            int[] fail = new int[states];
            long[] outputs = new long[states];
            java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
            for (int c = 0; c < ALPHABET; c++) {
                int s = trie.get(0)[c];
                if (s > 0) {
                    queue.add(s);
                } else {
                    trie.get(0)[c] = 0;
                }
            }
            outputs[0] = out.get(0);
            while (!queue.isEmpty()) {
                int state = queue.poll();
                outputs[state] = out.get(state) | outputs[fail[state]];
                for (int c = 0; c < ALPHABET; c++) {
                    int s = trie.get(state)[c];
                    if (s > 0) {
                        fail[s] = trie.get(fail[state])[c];
                        queue.add(s);
                    } else {
                        trie.get(state)[c] = trie.get(fail[state])[c];
                    }
                }
            }
            table = new int[states * ALPHABET];
            for (int state = 0; state < states; state++) {
                for (int c = 0; c < ALPHABET; c++) {
                    int from = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
                    int to = trie.get(state)[from];
                    table[state * ALPHABET + c] = outputs[to] != 0 ? ~STATE | to * ALPHABET : to * ALPHABET;
                }
            }
            found = outputs;
        }

        private static int[] newState() {
            int[] state = new int[ALPHABET];
            java.util.Arrays.fill(state, -1);
            return state;
        }

        private static void add(List<int[]> trie, List<Long> out, String word, long bit) {
            int state = 0;
            for (int k = 0; k < word.length(); k++) {
                char c = word.charAt(k);
                if (c >= ALPHABET || c >= 'A' && c <= 'Z') {
                    throw new IllegalArgumentException("a word outside lower-case ASCII: " + word);
                }
                if (trie.get(state)[c] < 0) {
                    trie.add(newState());
                    out.add(0L);
                    trie.get(state)[c] = trie.size() - 1;
                }
                state = trie.get(state)[c];
            }
            out.set(state, out.get(state) | bit);
        }

        /** Bit {@code i} set: check {@code i} may match {@code text} (lower-cased by the checks). */
        int mayMatch(String text) {
            long seen = 0;
            int state = 0;
            for (int k = 0, n = text.length(); k < n; k++) {
                char c = text.charAt(k);
                if (c >= ALPHABET) {
                    return checks(read(text.toLowerCase(Locale.ROOT)));
                }
                int next = table[state + c];
                state = next & STATE;
                if (next < 0) {
                    seen |= found[state / ALPHABET];
                }
            }
            return checks(seen);
        }

        /** The words of {@code lower}, characters outside ASCII breaking them. */
        private long read(String lower) {
            long seen = 0;
            int state = 0;
            for (int k = 0, n = lower.length(); k < n; k++) {
                char c = lower.charAt(k);
                int next = c < ALPHABET ? table[state + c] : 0;
                state = next & STATE;
                if (next < 0) {
                    seen |= found[state / ALPHABET];
                }
            }
            return seen;
        }

        private int checks(long seen) {
            int may = 0;
            for (int i = 0; i < required.length; i++) {
                if ((seen & required[i]) == required[i]) {
                    may |= 1 << i;
                }
            }
            return may;
        }
    }

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
        int may = WORDS.mayMatch(text);
        String lower = may == 0 ? null : text.toLowerCase(Locale.ROOT);
        for (int i = 0; may != 0 && i < CHECKS.size(); i++) {
            if ((may & (1 << i)) == 0) {
                continue; // none of the words the pattern needs: skip the regular expression
            }
            Check check = CHECKS.get(i);
            Matcher m = check.pattern().matcher(lower);
            if (m.find()) {
                return Optional.of(new Signal(check.kind(), evidence(text, lower, m.start(), m.end())));
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

    /**
     * What {@code text} holds where the pattern matched {@code lower} between {@code start} and
     * {@code end}. Lower-casing can lengthen a text (U+0130 becomes two chars), so the places are
     * mapped back code point by code point when the lengths differ (package-private for the tests).
     */
    static String evidence(String text, String lower, int start, int end) {
        int from = start;
        int to = end;
        if (lower.length() != text.length()) {
            from = -1;
            int at = 0;
            int lowerAt = 0;
            while (at < text.length()) {
                if (from < 0 && lowerAt >= start) {
                    from = at;
                }
                if (lowerAt >= end) {
                    break;
                }
                int cp = text.codePointAt(at);
                lowerAt += new String(Character.toChars(cp)).toLowerCase(Locale.ROOT).length();
                at += Character.charCount(cp);
            }
            from = from < 0 ? text.length() : from;
            to = at;
        }
        String matched = text.substring(from, to).strip();
        return matched.length() > 80 ? matched.substring(0, 80) + "..." : matched;
    }
}
