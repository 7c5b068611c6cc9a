package dev.leash.guards;

import static java.util.Objects.requireNonNull;

import dev.leash.guards.internal.FirstMatches;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.MatchResult;
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
                    + "|id_(?:rsa|dsa|ecdsa|ed25519)(?:\\.pub)?|\\.ssh[/\\\\][^\\s]*|\\.aws[/\\\\]credentials|\\.aws[/\\\\]config|\\.kube[/\\\\]config"
                    // Windows writes the same paths with backslashes: %USERPROFILE%\.aws\credentials
                    + "|\\.docker[/\\\\]config\\.json|etc/shadow|etc/sudoers|proc/(?:self|\\d+)/environ"
                    + "|[\\w.-]*credentials?\\.(?:json|ya?ml|txt|csv|xml|ini)|[\\w.-]+\\.(?:p12|pfx|jks|keystore)"
                    // a .pem is often a public certificate (a CA bundle); only a key's is a credential
                    + "|[\\w.-]*(?:key|private|secret|priv)[\\w.-]*\\.pem"
                    + "|leash\\.ya?ml)(?=$|[\\s\"',;)])");
    private static final Pattern ENV_DUMP = Pattern.compile(
            "\\bprintenv\\b"
                    // env run as a command: at the start of a line, after a command separator or
                    // a quote (a shell's -c 'env', a JSON argument "env"), inside $( ) or backticks
                    + "|(?:^|[\\n;&|(`'\"]|\\$\\()\\s*(?:/usr/bin/|/bin/)?env\\s*(?:$|[\\n|;&>)`'\"])"
                    + "|\\bsystem\\.getenv\\b|\\bprocess\\.env\\b|\\bos\\.environ\\b|\\$env\\{"
                    + "|\\bgetenv\\s*\\(|/proc/self/environ|\\bset\\s*\\|\\s*grep\\b");
    private static final Pattern CREDENTIAL_REQUEST = Pattern.compile(
            "\\b(?:send|give|share|provide|tell|show|reveal|forward|paste|disclose|hand over|dump|print|list|export|email|mail)"
                    + "\\s++(?:me|us|it|them)?\\s*+(?:all\\s++)?(?:the|your|a|an|my|our|its|their|any|admin|root|system)?\\s*+"
                    + "(?:admin(?:istrator)?\\s++|root\\s++|service\\s++|production\\s++|prod\\s++|aws\\s++|openai\\s++|smtp\\s++|database\\s++|db\\s++)?"
                    + "(?:passwords?|passwd|credentials|api[ _-]?keys?|secret[ _-]?keys?|private[ _-]?keys?|access[ _-]?keys?"
                    + "|access[ _-]?tokens?|auth(?:entication)?[ _-]?tokens?|bearer[ _-]?tokens?|ssh[ _-]?keys?|login details"
                    + "|environment variables|env vars)\\b"
                    // "send me the password reset link" asks for a way to reset one, not for a credential
                    + "(?!\\s*+(?:reset|recovery|policy|policies|manager|change|expiry|expiration|rules?|requirements?"
                    + "|strength|hint|form|page|link|portal|instructions|rotation|vault)\\b)");
    private static final Pattern PERMISSION_REQUEST = Pattern.compile(
            "\\b(?:grant|give|assign|escalate|elevate|increase|widen|expand|raise|extend|upgrade)\\s++(?:me|us|my|our|the agent'?s?|agent|this agent)?\\s*+"
                    + "(?:to\\s++)?(?:admin(?:istrator)?|root|sudo|superuser|elevated|more|wider|full|higher|unrestricted|write|owner)\\s++"
                    + "(?:access|rights|permissions?|privileges?|role|level|scope)\\b"
                    + "|\\b(?:set|change|raise|lower|switch|increase|reduce)\\s++(?:the\\s++)?(?:safety|security)\\s++(?:level|tier)\\b"
                    + "|\\bleash_safety_level\\b|\\bsafety\\.level\\b|\\bmax_denials\\b|\\bsafety\\.allow\\b"
                    // a Leash safety block written out (YAML block, YAML flow or JSON): the agent's own
                    // level, allowlists, trust, approvals or denial threshold, in a file it writes
                    // (a blank or comment line and an indented line are told apart by the first
                    // character after the indent, and nothing is given back: alternatives that both
                    // matched an indented comment made a failing match try 2^lines ways)
                    + "|\\bsafety[ \\t]*+:[ \\t]*+(?:#[^\\n]*+)?\\r?\\n(?:[ \\t]*+(?:#[^\\n]*+)?\\r?\\n|[ \\t]++[^#\\s][^\\n]*+\\r?\\n){0,40}?"
                    + "[ \\t]++(?:level|allow|trusted|approvals|persistence|secrets|sensitive)[ \\t]*+:"
                    + "|\\bsafety[ \\t]*:[ \\t]*\\{[^}]{0,200}?\\b(?:level|allow|trusted|approvals|persistence|secrets|sensitive)[ \\t]*:"
                    + "|\"safety\"\\s*+:\\s*+\\{\\s*+\"(?:level|allow|trusted|approvals|persistence|secrets|sensitive)\""
                    + "|\\bgrant\\s++(?:all|select|insert|update|delete|admin|dba)\\b[^;]*\\bto\\b|\\balter\\s++(?:user|role)\\b"
                    + "|\\bcreate\\s++(?:user|role)\\b|\\bsudo\\s++\\S|\\bchmod\\s++(?:-r\\s++)?[0-7]*7[0-7]*\\b");
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

    /**
     * Every check's pattern, tried only where a match of it can start: on a long text, the
     * patterns' leading alternatives are not tried at every place (a megabyte of base64 holds
     * "env" or "key" a few times, so the words alone do not rule a pattern out), and what is found
     * is what {@code find} finds on the whole text, however far a match reaches.
     */
    private static final FirstMatches FIRST = FirstMatches.of(CHECKS.stream().map(Check::pattern).toList());

    /** The checks in the order they are tried (package-private for the tests). */
    static List<Check> checks() {
        return CHECKS;
    }

    /**
     * The words of all checks (all lower-case ASCII, at least three characters each), looked for
     * in one pass. {@link #mayMatch} answers, for each check, exactly what {@link Check#mayMatch}
     * answers with its {@code contains} calls on the text lower-cased: bit {@code 2i} is set when a
     * word of check {@code i}'s {@code needs} occurs, bit {@code 2i+1} when one of its {@code verbs}
     * does. The pass keeps the last four characters read, lower-cased, one byte each in an {@code
     * int} (shifting a character in drops the oldest, so there is no mask), and tests them against
     * a bit set (hashed, 16 KB) of the words' first four characters, and of every four characters
     * that start with a word of three; only where that bit is set are the words that start so
     * compared with the text. In prose the first three characters of a word ({@code for}, {@code
     * rev}) are common, its first four ({@code forw}, {@code reve}) are not. A word of three
     * characters at the very end of the text is found by reading one character 0 (in no word)
     * after the last. Each character is a few operations with no chain of table look-ups from one
     * character to the next (an automaton's next state waits for its last). ASCII capitals are
     * read as their small letters (for ASCII text that is what {@code toLowerCase(Locale.ROOT)}
     * does). A text with any other character is read again lower-cased by {@code toLowerCase}
     * itself (a few characters outside ASCII lower-case into ASCII, such as the Kelvin sign into
     * {@code k}); there, a character outside ASCII is in no word.
     */
    static final class Words {
        private static final int ASCII = 128;
        private static final int BITS = 17;
        /** ASCII lower-cased as {@code toLowerCase(Locale.ROOT)} lower-cases it. */
        private static final byte[] LOWER_CASE = new byte[ASCII];

        static {
            for (int c = 0; c < ASCII; c++) {
                LOWER_CASE[c] = (byte) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
            }
        }

        /**
         * Bit {@code hash(q)} set: some word starts with the four characters {@code q} (a byte
         * each, the first highest), or a word of three characters is the first three of them.
         */
        private final long[] starts = new long[(1 << BITS) / 64];
        /**
         * Open addressing on four characters: the words of four or more that start with them, and
         * the bits of the word of three that their first three are (every four characters that
         * start with a word of three have a slot), so that a hit in {@link #starts} costs one
         * probe; in prose it is mostly a near miss ({@code leas} of "release", not "leash").
         */
        private final int[] slotQuads;
        private final String[][] slotWords;
        private final long[][] slotBits;
        private final long[] slotTripleBits;
        private final long[] required;

        Words(List<Check> checks) {
            this(checks, List.of());
        }

        /**
         * The words of {@code checks} and {@code names} (lower-case ASCII, three characters or
         * more): a name found sets bit {@link #NAMES} of {@link #seen}, which no check uses.
         */
        Words(List<Check> checks, List<String> names) {
            if (checks.size() > 31) {
                throw new IllegalArgumentException("at most 31 checks: " + checks.size());
            }
            required = new long[checks.size()];
            java.util.Map<String, Long> bits = new java.util.LinkedHashMap<>();
            for (int i = 0; i < checks.size(); i++) {
                Check check = checks.get(i);
                required[i] = check.verbs().isEmpty() ? 1L << (2 * i) : 3L << (2 * i);
                for (String word : check.needs()) {
                    bits.merge(checked(word), 1L << (2 * i), (x, y) -> x | y);
                }
                for (String word : check.verbs()) {
                    bits.merge(checked(word), 1L << (2 * i + 1), (x, y) -> x | y);
                }
            }
            for (String name : names) {
                bits.merge(checked(name), NAMES, (x, y) -> x | y);
            }
            java.util.Map<Integer, List<String>> byQuad = new java.util.LinkedHashMap<>();
            java.util.Map<Integer, Long> byTriple = new java.util.LinkedHashMap<>();
            for (String word : bits.keySet()) {
                int triple = word.charAt(0) << 16 | word.charAt(1) << 8 | word.charAt(2);
                if (word.length() == 3) {
                    byTriple.put(triple, bits.get(word));
                    for (int next = 0; next < ASCII; next++) {
                        mark(triple << 8 | next);
                    }
                } else {
                    int quad = triple << 8 | word.charAt(3);
                    mark(quad);
                    byQuad.computeIfAbsent(quad, q -> new java.util.ArrayList<>()).add(word);
                }
            }
            java.util.Set<Integer> quads = new java.util.LinkedHashSet<>(byQuad.keySet());
            for (int triple : byTriple.keySet()) {
                for (int next = 0; next < ASCII; next++) {
                    quads.add(triple << 8 | next);
                }
            }
            int capacity = Integer.highestOneBit(Math.max(1, quads.size()) * 4);
            slotQuads = new int[capacity];
            java.util.Arrays.fill(slotQuads, -1);
            slotWords = new String[capacity][];
            slotBits = new long[capacity][];
            slotTripleBits = new long[capacity];
            for (int quad : quads) {
                int slot = free(slotQuads, quad);
                List<String> words = byQuad.getOrDefault(quad, List.of());
                slotQuads[slot] = quad;
                slotWords[slot] = words.toArray(String[]::new);
                slotBits[slot] = words.stream().mapToLong(bits::get).toArray();
                slotTripleBits[slot] = byTriple.getOrDefault(quad >>> 8, 0L);
            }
        }

        private void mark(int quad) {
            int h = hash(quad);
            starts[h >>> 6] |= 1L << h;
        }

        private static int free(int[] keys, int key) {
            int mask = keys.length - 1;
            int slot = hash(key) & mask;
            while (keys[slot] >= 0) {
                slot = (slot + 1) & mask;
            }
            return slot;
        }

        private static String checked(String word) {
            if (word.length() < 3) {
                throw new IllegalArgumentException("a word of fewer than three characters: " + word);
            }
            for (int k = 0; k < word.length(); k++) {
                char c = word.charAt(k);
                if (c == 0 || c >= ASCII || c >= 'A' && c <= 'Z') {
                    throw new IllegalArgumentException("a word outside lower-case ASCII: " + word);
                }
            }
            return word;
        }

        private static int hash(int quad) {
            return quad * 0x9E3779B1 >>> (32 - BITS);
        }

        /** Bit {@code i} set: check {@code i} may match {@code text} (lower-cased by the checks). */
        int mayMatch(String text) {
            return checks(seen(text));
        }

        /** Set in {@link #seen} when one of the names occurs. */
        static final long NAMES = 1L << 63;

        /**
         * The words' bits (and {@link #NAMES}) of the words that occur in {@code text} lower-cased;
         * {@link #checks} makes them into the checks that may match.
         */
        long seen(String text) {
            long seen = 0;
            int quad = 0; // the last four characters, lower-cased, a byte each
            int n = text.length();
            for (int k = 0; k < n; k++) {
                char c = text.charAt(k);
                if (c >= ASCII) {
                    return read(text.toLowerCase(Locale.ROOT));
                }
                quad = quad << 8 | LOWER_CASE[c];
                int h = hash(quad);
                if ((starts[h >>> 6] & 1L << h) != 0 && k >= 3) {
                    seen |= wordsAt(text, k - 3, quad, true);
                }
            }
            return seen | end(text, quad, true);
        }

        /** The words of {@code lower}, characters outside ASCII in none of them. */
        private long read(String lower) {
            long seen = 0;
            int quad = 0;
            int n = lower.length();
            for (int k = 0; k < n; k++) {
                char c = lower.charAt(k);
                quad = quad << 8 | (c < ASCII ? c : 0);
                int h = hash(quad);
                if ((starts[h >>> 6] & 1L << h) != 0 && k >= 3) {
                    seen |= wordsAt(lower, k - 3, quad, false);
                }
            }
            return seen | end(lower, quad, false);
        }

        /** The bits of a word of three that ends {@code text} (whose last characters are in {@code quad}). */
        private long end(String text, int quad, boolean asciiCapitals) {
            int n = text.length();
            return n < 3 ? 0 : wordsAt(text, n - 3, quad << 8, asciiCapitals);
        }

        /**
         * The bits of the words that start at {@code at} in {@code text}, whose next four
         * characters (lower-cased; 0 past the end) are {@code quad}.
         */
        private long wordsAt(String text, int at, int quad, boolean asciiCapitals) {
            int mask = slotQuads.length - 1;
            for (int slot = hash(quad) & mask; slotQuads[slot] >= 0; slot = (slot + 1) & mask) {
                if (slotQuads[slot] != quad) {
                    continue;
                }
                long seen = slotTripleBits[slot];
                String[] words = slotWords[slot];
                for (int w = 0; w < words.length; w++) {
                    if (occursAt(words[w], text, at, asciiCapitals)) {
                        seen |= slotBits[slot][w];
                    }
                }
                return seen;
            }
            return 0;
        }

        /** Whether {@code word}, whose first four characters are those at {@code at}, occurs there. */
        private static boolean occursAt(String word, String text, int at, boolean asciiCapitals) {
            int length = word.length();
            if (at + length > text.length()) {
                return false;
            }
            for (int k = 4; k < length; k++) {
                char c = text.charAt(at + k);
                if (asciiCapitals && c >= 'A' && c <= 'Z') {
                    c += 'a' - 'A';
                }
                if (c != word.charAt(k)) {
                    return false;
                }
            }
            return true;
        }

        int checks(long seen) {
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
    /**
     * The checks' words and, when every protected name can be looked for with them (ASCII, three
     * characters or more), the names lower-cased: then the one pass over a text also tells that
     * none of the names occurs, and the text is not searched again once per name (a 1 MB
     * argument read three more times for three secrets).
     */
    private final Words words;
    private final boolean namesInWords;

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
        List<String> lowerNames = new java.util.ArrayList<>();
        boolean all = true;
        for (String name : this.protectedNames) {
            if (name.isBlank()) {
                continue; // never a signal
            }
            all &= name.length() >= 3 && name.chars().allMatch(c -> c > 0 && c < Words.ASCII);
            lowerNames.add(name.toLowerCase(Locale.ROOT));
        }
        this.namesInWords = all && !lowerNames.isEmpty();
        this.words = namesInWords ? new Words(CHECKS, lowerNames) : WORDS;
    }

    /** The first signal in {@code text}, or empty. */
    public Optional<Signal> scan(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        long seen = words.seen(text);
        int may = words.checks(seen);
        if (may != 0) {
            // only the checks whose words the text holds, in one pass, each where it can start
            String lower = text.toLowerCase(Locale.ROOT);
            MatchResult[] found = FIRST.in(lower, may);
            for (int i = 0; i < CHECKS.size(); i++) {
                if (found[i] != null) {
                    return Optional.of(new Signal(CHECKS.get(i).kind(), evidence(text, lower, found[i].start(), found[i].end())));
                }
            }
        }
        if (namesInWords && (seen & Words.NAMES) == 0) {
            // Each name is ASCII: where a text holds it, the text lower-cased holds it lower-cased.
            return Optional.empty();
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
     * {@link #scan} of a decoded view's pieces ({@code \u0000} between them), each on a line of
     * its own and, if {@code eachStart}, also without its first one and two characters (base64
     * read across the white space before a run decodes the end of the word before it into the
     * first bytes: {@code echo cHJp...} reads as {@code hprintenv}, which would keep a pattern
     * that starts at a word from matching). Only the pieces that hold the words of some check,
     * or a protected name, are read: a match within a piece needs its check's words there (and
     * dropping a piece's first characters adds none), so such a match is found as it would be
     * in all of them, while decoded noise, where some short word of a check turns up every few
     * thousand characters, is not searched pattern by pattern. A match that would run from one
     * piece into the next is not looked for.
     */
    public Optional<Signal> scanPieces(String decoded, boolean eachStart) {
        StringBuilder read = null;
        int n = decoded.length();
        for (int from = 0; from < n; ) {
            int end = decoded.indexOf('\u0000', from);
            if (end < 0) {
                end = n;
            }
            if (end > from) {
                String piece = decoded.substring(from, end);
                long seen = words.seen(piece);
                boolean names = !protectedNames.isEmpty() && (!namesInWords || (seen & Words.NAMES) != 0);
                if (words.checks(seen) != 0 || names) {
                    if (read == null) {
                        read = new StringBuilder();
                    }
                    for (int skip = 0; skip <= (eachStart ? 2 : 0) && skip < piece.length(); skip++) {
                        read.append(piece, skip, piece.length()).append('\n');
                    }
                }
            }
            from = end + 1;
        }
        return read == null ? Optional.empty() : scan(read.toString());
    }

    /**
     * Where {@code check}'s pattern first matches {@code lower} ({start, end}), or null: what
     * {@code find} on the whole text finds, from {@link #FIRST} (package-private for the tests).
     */
    static int[] find(Check check, String lower) {
        int i = CHECKS.indexOf(check);
        MatchResult match = FIRST.in(lower, 1L << i)[i];
        return match == null ? null : new int[] {match.start(), match.end()};
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
