package dev.leash.mcp;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks for hidden instructions in an MCP tool's description and in the descriptions inside its
 * schema (tool poisoning): instructions addressed to the model, references to other tools' data
 * or to credentials, and invisible or bidirectional Unicode. Each finding is a flag such as {@code
 * invisible-unicode U+200B}; a flagged tool is not offered above Level 1 until pinned by hand.
 * Stateless and thread-safe.
 */
public final class DescriptionCheck {

    private static final List<Rule> RULES = List.of(
            new Rule("instruction-to-model", Pattern.compile(
                    "<\\s*/?\\s*(important|system|instructions?|secret|hidden)\\b[^>]*>"
                    + "|\\bignore\\s+(all\\s+|any\\s+|the\\s+)?(previous|prior|above|other)\\s+(instructions|rules|prompts?)"
                    + "|\\b(do\\s+not|don'?t|never)\\s+(tell|inform|mention|show|reveal|notify)\\s+(this\\s+to\\s+)?(the\\s+)?user"
                    + "|\\bwithout\\s+(telling|informing|asking)\\s+the\\s+user"
                    + "|\\b(before|after)\\s+(using|calling)\\s+(this|any)\\s+(tool|function)\\b.{0,40}\\b(you\\s+must|first|read|call|send|pass)"
                    + "|\\byou\\s+(must|should)\\s+(always\\s+|first\\s+)?(read|send|include|pass|call|forward|upload|append)\\b"
                    + "|\\bsystem\\s+prompt\\b"
                    + "|\\b(the\\s+)?(ai|assistant|model|llm)\\s+(must|should)\\b",
                    Pattern.CASE_INSENSITIVE | Pattern.DOTALL)),
            new Rule("credential-reference", Pattern.compile(
                    "~/\\.ssh|\\bid_(rsa|ed25519|ecdsa)\\b|\\.aws/credentials|\\.npmrc|\\.netrc|(^|[\\s/'\"`])\\.env\\b"
                    + "|\\bmcp\\.json\\b|\\b(api[_ -]?keys?|access[_ -]?tokens?|private[_ -]?keys?|passwords?|credentials?)\\b",
                    Pattern.CASE_INSENSITIVE)),
            new Rule("other-tools-data", Pattern.compile(
                    "\\b(other|another|all)\\s+(tools?|servers?)('s?)?\\b"
                    + "|\\b(conversation|chat)\\s+history\\b|\\bprevious\\s+(tool\\s+)?(results?|outputs?)\\b",
                    Pattern.CASE_INSENSITIVE)));

    private DescriptionCheck() {
    }

    /**
     * The flags of one tool's text.
     *
     * @param text its description and the descriptions and titles inside its schema
     * @param otherTools the names of the tools of other servers (a description naming one is a flag)
     */
    public static List<String> flags(String text, Collection<String> otherTools) {
        requireNonNull(text, "text is null");
        requireNonNull(otherTools, "otherTools is null");
        List<String> flags = new ArrayList<>();
        text.codePoints().filter(DescriptionCheck::hidden).distinct().limit(5)
                .forEach(cp -> flags.add(String.format(Locale.ROOT, "invisible-unicode U+%04X", cp)));
        for (Rule rule : RULES) {
            Matcher m = rule.pattern.matcher(text);
            if (m.find()) {
                flags.add(rule.name + " \"" + excerpt(m.group()) + "\"");
            }
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String other : otherTools) {
            if (other.length() > 3 && Pattern.compile("\\b" + Pattern.quote(other.toLowerCase(Locale.ROOT)) + "\\b").matcher(lower).find()) {
                flags.add("other-tools-data \"" + other + "\"");
            }
        }
        return List.copyOf(flags);
    }

    /** Format characters (zero-width, bidirectional controls, tags), private use and unassigned code points. */
    static boolean hidden(int cp) {
        if (cp == '\n' || cp == '\t' || cp == '\r') {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.PRIVATE_USE || type == Character.UNASSIGNED
                || type == Character.CONTROL || (cp >= 0xE0000 && cp <= 0xE007F);
    }

    private static String excerpt(String s) {
        String t = s.replaceAll("\\s+", " ").trim();
        return t.length() > 60 ? t.substring(0, 60) + "..." : t;
    }

    private record Rule(String name, Pattern pattern) {
    }
}
