package dev.leash.tiers.policy;

import dev.leash.api.policy.Evidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Two readings of a call that {@link TargetFlags} makes besides comparing whole values.
 *
 * <p>A target put together from pieces: an injected text that names only the local part of an
 * address at the principal's own domain ("eve.mallory, same domain as you"), or cuts a value over
 * two results ("user name boardobs" ... "-2026", "IBAN starts DE89 3704 0044" ... "ends 0532 0130
 * 00"), never holds the target whole. The target's words (runs of letters and digits, and each
 * character of a code such as an account number) are then covered, in order, by pieces of it each
 * of which is either grounded (the goal, the principal, trusted content or a retrieval source names
 * it) or occurs in untrusted content; when every word is covered, grounded pieces alone do not
 * cover them, and an untrusted piece of at least {@value #MIN_PIECE} letters or digits is among
 * them, the target comes from untrusted content. A piece named nowhere (a file name the model made
 * up) leaves the value as the model's own, and so does a value the principal names word by word
 * ("Priya Shah" for {@code priya.shah@...}).
 *
 * <p>An argument that names a party: a tool that declares targets may still take whom it acts for
 * or on in an argument it does not declare (a share tool's {@code with_user}, a chat tool's {@code
 * user}, a mail rule's {@code copy_to_alias}). Such an argument is known by the words of its name.
 */
final class TargetPieces {

    /** Values of more units than this are not cut into pieces (a target is a few words, or a code). */
    static final int MAX_UNITS = 40;
    /** Values up to this long are also cut inside their words. */
    static final int MAX_FINE = 64;
    /** Look-ups a value cut inside its words may cost; past them it is left as it is. */
    static final int MAX_FINE_LOOKUPS = 96;
    /** Pieces a value cut inside its words may be made of. */
    static final int MAX_FINE_PIECES = 4;
    /** Letters and digits an untrusted piece needs to carry a value. */
    static final int MIN_PIECE = 3;

    /** The words of an argument's name that say it names a party or a destination. */
    private static final Set<String> PARTY_WORDS = Set.of(
            "user", "users", "username", "usernames", "login", "account", "accounts", "member", "members",
            "owner", "owners", "assignee", "assignees", "invitee", "invitees", "grantee", "grantees",
            "recipient", "recipients", "contact", "contacts", "alias", "aliases", "handle", "handles",
            "email", "emails", "mail", "address", "addresses", "phone", "number", "destination", "dest",
            "forward", "delegate", "delegates", "collaborator", "collaborators", "viewer", "viewers",
            "editor", "editors", "reviewer", "reviewers", "approver", "approvers", "admin", "admins",
            "participant", "participants", "attendee", "attendees", "guest", "guests", "person", "people",
            "principal", "group", "groups", "team", "channel", "channels", "payee", "beneficiary", "iban",
            "webhook", "url", "uri", "host", "endpoint", "with", "to", "cc", "bcc");

    /** How a piece of a value is named in the run. */
    interface Lookup {
        /** Whether the goal, the principal, trusted content or a retrieval source names {@code piece}. */
        boolean grounded(String piece);

        /** The untrusted observations that hold {@code piece}, each quoted; empty when none does. */
        List<Evidence> untrusted(String piece);
    }

    /** The untrusted pieces found, in order, and what quotes them. */
    record Pieces(List<String> pieces, List<Evidence> evidence) {
    }

    private TargetPieces() {
    }

    /**
     * The untrusted pieces {@code value} is put together from, or null when it is not: its words
     * are all covered by grounded pieces, they are not all covered by grounded and untrusted
     * pieces, or no untrusted piece is long enough. The value as a whole is not asked about (the
     * caller has). Pieces are taken longest first from where the last one ended, so a value that
     * no piece starts costs one look-up per word. A value of at most {@value #MAX_FINE}
     * characters that its words do not cover is read again cut at every letter and digit, for
     * parts joined inside a word ({@code 'eve.mal' + 'lory'}, "Summer, then 2026"): then at most
     * {@value #MAX_FINE_PIECES} pieces, each untrusted one of at least {@value #MIN_PIECE} letters
     * or digits, found within {@value #MAX_FINE_LOOKUPS} look-ups.
     */
    static Pieces untrustedPieces(String value, Lookup lookup) {
        int[] outcome = new int[1];
        Pieces pieces = untrustedPieces(value, lookup, false, outcome);
        if (pieces != null || outcome[0] == GROUNDED || value.length() > MAX_FINE) {
            return pieces;
        }
        int[] budget = {MAX_FINE_LOOKUPS};
        Lookup counted = new Lookup() {
            @Override
            public boolean grounded(String piece) {
                return budget[0]-- > 0 && lookup.grounded(piece);
            }

            @Override
            public List<Evidence> untrusted(String piece) {
                return budget[0]-- > 0 ? lookup.untrusted(piece) : List.of();
            }
        };
        Pieces fine = untrustedPieces(value, counted, true, outcome);
        return budget[0] >= 0 ? fine : null;
    }

    private static final int GROUNDED = 1;

    private static Pieces untrustedPieces(String value, Lookup lookup, boolean fine, int[] outcome) {
        outcome[0] = 0;
        int max = fine ? MAX_FINE : MAX_UNITS;
        List<int[]> units = units(value, max + 1, fine);
        int n = units.size();
        if (n < 2 || n > max) {
            return null;
        }
        // the piece from unit i to unit j: 0 not asked, 1 named nowhere, 2 grounded, 3 untrusted, 4 not grounded
        int[][] kind = new int[n][n];
        List<Evidence>[][] quotes = newEvidence(n);
        if (cover(value, units, kind, quotes, lookup, false) != null) {
            outcome[0] = GROUNDED;
            return null;
        }
        List<int[]> cover = cover(value, units, kind, quotes, lookup, true);
        if (cover == null || fine && cover.size() > MAX_FINE_PIECES) {
            return null;
        }
        List<String> pieces = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        boolean long_ = false;
        for (int[] piece : cover) {
            if (kind[piece[0]][piece[1]] == 3) {
                int from = units.get(piece[0])[0];
                int to = units.get(piece[1])[1];
                boolean longEnough = letters(value, from, to) >= MIN_PIECE;
                if (fine && !longEnough) {
                    return null;
                }
                pieces.add(value.substring(from, to));
                evidence.addAll(quotes[piece[0]][piece[1]]);
                long_ |= longEnough;
            }
        }
        return long_ ? new Pieces(List.copyOf(pieces), List.copyOf(evidence)) : null;
    }

    /**
     * The pieces (first and last unit) that cover every unit of {@code value}, each the longest
     * grounded one (or, with {@code untrusted}, grounded or untrusted) from where the last ended;
     * null when some unit starts none. The value as a whole is not a piece.
     */
    private static List<int[]> cover(String value, List<int[]> units, int[][] kind, List<Evidence>[][] quotes,
                                     Lookup lookup, boolean untrusted) {
        int n = units.size();
        List<int[]> cover = new ArrayList<>();
        int k = 0;
        while (k < n) {
            int found = -1;
            for (int j = k == 0 ? n - 2 : n - 1; j >= k && found < 0; j--) {
                if (kind[k][j] == 0) {
                    String piece = value.substring(units.get(k)[0], units.get(j)[1]);
                    kind[k][j] = lookup.grounded(piece) ? 2 : 4;
                }
                if (kind[k][j] == 4 && untrusted) {
                    List<Evidence> evidence = lookup.untrusted(value.substring(units.get(k)[0], units.get(j)[1]));
                    kind[k][j] = evidence.isEmpty() ? 1 : 3;
                    quotes[k][j] = evidence;
                }
                if (kind[k][j] == 2 || untrusted && kind[k][j] == 3) {
                    found = j;
                }
            }
            if (found < 0) {
                return null;
            }
            cover.add(new int[] {k, found});
            k = found + 1;
        }
        return cover;
    }

    /** Units of a link beyond which its prefix is not looked for in untrusted content. */
    static final int MAX_BASE = 24;
    /** Units of a link's remainder that are read; a longer one is taken as carrying text. */
    static final int MAX_ADDED = 64;
    /** Letters and digits added to a link, named neither by the principal nor by the link's text, that make it carry data. */
    static final int MIN_ADDED = 8;

    /**
     * A link whose destination an untrusted text gave and to which the call adds text of its own.
     *
     * @param added what the call appended to the part the untrusted text gave
     * @param evidence the untrusted text that gave the destination
     */
    record CarriedLink(String added, List<Evidence> evidence) {
    }

    /**
     * Whether link {@code raw} (an {@code http(s)://} argument of a call that reaches a host)
     * takes its destination from untrusted content and carries text the run got elsewhere: the
     * link is neither grounded nor given whole by untrusted content; the longest piece of it
     * through the host's last two labels that untrusted content holds (a prefix, {@code
     * https://forms.example/r?data=}, or the end of a name under a wildcard, {@code
     * collect.example} of {@code <data>.collect.example}) is longer than any such piece the
     * principal names; and what the call adds around that piece (from the host on) holds at least
     * {@value #MIN_ADDED} letters or digits in pieces that neither the principal names nor the
     * texts that gave the piece hold. Percent escapes are decoded first. Null when it does not.
     */
    static CarriedLink carriedLink(String raw, Lookup lookup) {
        String url = decodeLink(raw.trim());
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return null;
        }
        int hostStart = scheme + 3;
        int hostEnd = hostStart;
        while (hostEnd < url.length() && "/?#".indexOf(url.charAt(hostEnd)) < 0) {
            hostEnd++;
        }
        if (lookup.grounded(url) || !lookup.untrusted(url).isEmpty()) {
            return null;
        }
        // the host's last two labels: what a name under a wildcard ends with
        String host = url.substring(hostStart, hostEnd);
        int port = host.lastIndexOf(':');
        String name = port > host.lastIndexOf(']') && port >= 0 ? host.substring(0, port) : host;
        int last = name.lastIndexOf('.');
        int domain = hostStart + (last > 0 ? name.lastIndexOf('.', last - 1) + 1 : 0);
        List<int[]> units = units(url, MAX_BASE + MAX_ADDED + 1, false);
        int n = units.size();
        int first = -1;
        int hostUnit = -1;
        int domainUnit = -1;
        for (int i = 0; i < n && units.get(i)[0] < hostEnd; i++) {
            hostUnit = i;
            if (first < 0 && units.get(i)[0] >= hostStart) {
                first = i;
            }
            if (domainUnit < 0 && units.get(i)[0] >= domain) {
                domainUnit = i;
            }
        }
        if (hostUnit < 0 || domainUnit < 0) {
            return null;
        }
        // the longest piece through the host's domain that untrusted content holds, unless the
        // principal names one at least as long
        int baseFrom = -1;
        int baseTo = -1;
        int baseLength = 0;
        int groundedLength = 0;
        List<Evidence> baseEvidence = List.of();
        for (int i = 0; i <= domainUnit; i = i == 0 ? Math.max(1, domainUnit - 8) : i + 1) {
            for (int j = Math.min(n - 1, i + MAX_BASE - 1); j >= hostUnit; j--) {
                String piece = url.substring(units.get(i)[0], units.get(j)[1]);
                if (lookup.grounded(piece)) {
                    groundedLength = Math.max(groundedLength, piece.length());
                    break;
                }
                List<Evidence> evidence = lookup.untrusted(piece);
                if (!evidence.isEmpty()) {
                    if (piece.length() > baseLength) {
                        baseFrom = i;
                        baseTo = j;
                        baseLength = piece.length();
                        baseEvidence = evidence;
                    }
                    break;
                }
            }
        }
        if (baseFrom < 0 || groundedLength >= baseLength) {
            return null;
        }
        String added = (first >= 0 && baseFrom > first ? url.substring(units.get(first)[0], units.get(baseFrom)[0]) : "")
                + url.substring(units.get(baseTo)[1]);
        if (n - baseTo - 1 > MAX_ADDED) {
            return new CarriedLink(added, baseEvidence);
        }
        List<String> sources = new ArrayList<>();
        baseEvidence.forEach(e -> sources.add(e.source()));
        int letters = 0;
        // what the call adds before the piece (from the host on: the scheme adds nothing) and after it
        for (int[] span : new int[][] {{first < 0 ? baseFrom : first, baseFrom}, {baseTo + 1, n}}) {
            int k = span[0];
            while (k < span[1]) {
                int found = -1;
                for (int j = Math.min(span[1] - 1, k + MAX_BASE - 1); j >= k && found < 0; j--) {
                    String piece = url.substring(units.get(k)[0], units.get(j)[1]);
                    if (lookup.grounded(piece) || lookup.untrusted(piece).stream().anyMatch(e -> sources.contains(e.source()))) {
                        found = j;
                    }
                }
                if (found >= 0) {
                    k = found + 1;
                    continue;
                }
                letters += letters(url, units.get(k)[0], units.get(k)[1]);
                if (letters >= MIN_ADDED) {
                    return new CarriedLink(added, baseEvidence);
                }
                k++;
            }
        }
        return null;
    }

    /** A link with its percent escapes decoded and '+' read as a space, as a server reads its query; as written if it does not decode. */
    private static String decodeLink(String url) {
        try {
            return java.net.URLDecoder.decode(url, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return url.replace('+', ' ');
        }
    }

    /**
     * Whether targets of {@code kind} are read as pieces: recipients, hosts, payees, channels,
     * accounts, not paths and tables, whose names a model makes up from the words of what it
     * read ({@code reports/acme-invoice-4411.md}).
     */
    static boolean cutsIntoPieces(dev.leash.api.tool.Target.Kind kind) {
        return kind != dev.leash.api.tool.Target.Kind.PATH && kind != dev.leash.api.tool.Target.Kind.SQL_TABLE;
    }

    /**
     * The folder of {@code path} that an untrusted text names and the principal does not, with
     * what quotes it: the whole folder or its last segments ({@code shared/partners}, then {@code
     * partners}), each of at least {@value #MIN_PIECE} letters or digits; null when there is none.
     * A file written where an injected text said ("your public share folder") is a destination
     * the text chose, whatever the file is called.
     */
    static Pieces untrustedFolder(String path, Lookup lookup) {
        String folder = path.replace('\\', '/');
        int end = folder.lastIndexOf('/');
        if (end <= 0) {
            return null;
        }
        folder = folder.substring(0, end);
        int from = 0;
        while (from < folder.length()) {
            String piece = folder.substring(from);
            if (letters(piece, 0, piece.length()) < MIN_PIECE || lookup.grounded(piece)) {
                return null;
            }
            List<Evidence> evidence = lookup.untrusted(piece);
            if (!evidence.isEmpty()) {
                return new Pieces(List.of(piece), evidence);
            }
            int slash = folder.indexOf('/', from);
            if (slash < 0) {
                return null;
            }
            from = slash + 1;
        }
        return null;
    }

    /** Whether an argument's name ({@code with_user}, {@code copyToAlias}) has a word that names a party. */
    static boolean namesAParty(String name) {
        String spaced = name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        for (String word : spaced.split("[^a-z0-9]+")) {
            if (PARTY_WORDS.contains(word)) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static List<Evidence>[][] newEvidence(int n) {
        return new List[n][n];
    }

    /**
     * The units a value is cut into: its runs of letters and digits, and each character of a run
     * that is a code (8 characters or more, 6 of them digits: an account number written without
     * spaces, which a text may give in two halves); with {@code fine}, each letter and digit.
     */
    private static List<int[]> units(String value, int max, boolean fine) {
        List<int[]> units = new ArrayList<>();
        int i = 0;
        while (i < value.length() && units.size() < max) {
            int c = value.codePointAt(i);
            if (Character.isLetterOrDigit(c)) {
                int start = i;
                int digits = 0;
                int length = 0;
                while (i < value.length() && Character.isLetterOrDigit(value.codePointAt(i))) {
                    digits += Character.isDigit(value.codePointAt(i)) ? 1 : 0;
                    length++;
                    i += Character.charCount(value.codePointAt(i));
                }
                if (fine || length >= 8 && digits >= 6) {
                    for (int at = start; at < i; at += Character.charCount(value.codePointAt(at))) {
                        units.add(new int[] {at, at + Character.charCount(value.codePointAt(at))});
                    }
                } else {
                    units.add(new int[] {start, i});
                }
            } else {
                i += Character.charCount(c);
            }
        }
        return units;
    }

    private static int letters(String value, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i += Character.charCount(value.codePointAt(i))) {
            if (Character.isLetterOrDigit(value.codePointAt(i))) {
                count++;
            }
        }
        return count;
    }
}
