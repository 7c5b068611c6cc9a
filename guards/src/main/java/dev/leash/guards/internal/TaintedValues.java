package dev.leash.guards.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The decisive values of a run that count as tainted, in the order they were first seen, each
 * with the observation it was first seen in, indexed by their keys: which of them occur in a text
 * is found by reading the text once against all keys (e-mail addresses and URLs in its lower-case
 * view, IBANs in its compacted upper-case view, account numbers in its digit groups, amounts by
 * the text's own number), with the same matching as {@link TextValues#contains} and {@link
 * TextValues#isExactly}. The work per text depends on the text, not on how many values are held.
 * Not thread-safe.
 *
 * @param <O> where a value was first seen
 */
public final class TaintedValues<O> {

    /** A tainted value and where it was first seen. */
    public static final class Entry<O> {
        private final TextValues.Value value;
        private final O from;
        private final long rank;

        private Entry(TextValues.Value value, O from, long rank) {
            this.value = value;
            this.from = from;
            this.rank = rank;
        }

        public TextValues.Value value() {
            return value;
        }

        public O from() {
            return from;
        }
    }

    private final Map<TextValues.Value, Entry<O>> entries = new LinkedHashMap<>();
    private final KeyTrie<Entry<O>> lowerKeys = new KeyTrie<>();
    private final KeyTrie<Entry<O>> ibanKeys = new KeyTrie<>();
    private final KeyTrie<Entry<O>> accountKeys = new KeyTrie<>();
    private final Map<String, List<Entry<O>>> amounts = new HashMap<>();
    private int longestIban;
    private long ranks;

    /** Adds a value after all those held (a value already held keeps its place). */
    public void add(TextValues.Value value, O from) {
        if (entries.containsKey(value)) {
            return;
        }
        Entry<O> entry = new Entry<>(value, from, ranks++);
        entries.put(value, entry);
        switch (value.kind()) {
            case EMAIL, URL -> lowerKeys.add(value.key(), entry);
            case IBAN -> {
                ibanKeys.add(value.key(), entry);
                longestIban = Math.max(longestIban, value.key().length());
            }
            case ACCOUNT -> accountKeys.add(value.key(), entry);
            case AMOUNT -> amounts.computeIfAbsent(value.key(), k -> new ArrayList<>(1)).add(entry);
            default -> throw new IllegalArgumentException("unknown kind " + value.kind());
        }
    }

    /** Removes a value. */
    public void remove(TextValues.Value value) {
        Entry<O> entry = entries.remove(value);
        if (entry == null) {
            return;
        }
        switch (value.kind()) {
            case EMAIL, URL -> lowerKeys.remove(value.key(), entry);
            case IBAN -> ibanKeys.remove(value.key(), entry);
            case ACCOUNT -> accountKeys.remove(value.key(), entry);
            case AMOUNT -> {
                List<Entry<O>> list = amounts.get(value.key());
                list.remove(entry);
                if (list.isEmpty()) {
                    amounts.remove(value.key());
                }
            }
            default -> throw new IllegalArgumentException("unknown kind " + value.kind());
        }
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The values held, in order. */
    public List<Entry<O>> all() {
        return new ArrayList<>(entries.values());
    }

    /**
     * The values held that a call's text {@code view} holds, in order: an amount where it is the
     * whole view ({@link TextValues#isExactly}), any other value where {@code viewValues} (the
     * views of {@code view}) {@link TextValues#contains contains} it.
     */
    public List<Entry<O>> in(String view, TextValues viewValues) {
        Set<Entry<O>> found = new LinkedHashSet<>();
        collect(viewValues.lower(), viewValues.upperCompact(), 0, viewValues.digitGroups(), found);
        if (!amounts.isEmpty()) {
            String number = TextValues.exactNumber(view);
            if (number != null) {
                found.addAll(amounts.getOrDefault(number, List.of()));
            }
        }
        return ordered(found);
    }

    /**
     * As {@link #in(String, TextValues)} with {@code TextValues.of(view)}, working out only the
     * views of {@code view} that the values held are looked for in: its lower case for e-mail
     * addresses and URLs, its compacted upper case for IBANs, its digit groups for account
     * numbers, its number as a whole for amounts.
     */
    public List<Entry<O>> in(String view) {
        Set<Entry<O>> found = new LinkedHashSet<>();
        collect(lowerKeys.isEmpty() ? "" : view.toLowerCase(java.util.Locale.ROOT),
                ibanKeys.isEmpty() ? "" : TextValues.upperCompact(view), 0,
                accountKeys.isEmpty() ? Set.of() : TextValues.digitGroups(view), found);
        if (!amounts.isEmpty()) {
            String number = TextValues.exactNumber(view);
            if (number != null) {
                found.addAll(amounts.getOrDefault(number, List.of()));
            }
        }
        return ordered(found);
    }

    /**
     * Appends {@code piece} to {@code text} (trusted text or retrieval sources, which none of the
     * values held occurs in) and drops the values held that the text now holds.
     */
    public void append(TextValues.Growing text, String piece) {
        int before = text.upperCompactLength();
        TextValues pieceValues = text.append(piece);
        if (!entries.isEmpty()) {
            for (Entry<O> e : newlyIn(pieceValues, text, before)) {
                remove(e.value);
            }
        }
    }

    /**
     * The values held that {@code whole} holds now that {@code piece} was appended to it (its
     * views {@code pieceValues}; {@code upperBefore} the length of the compacted upper-case view
     * before), given that {@code whole} held none of them before: amounts among the piece's
     * numbers, other values where the piece holds them, IBANs also across the join.
     */
    private List<Entry<O>> newlyIn(TextValues pieceValues, TextValues.Growing whole, int upperBefore) {
        Set<Entry<O>> found = new LinkedHashSet<>();
        collect(pieceValues.lower(), whole.upperCompact(), Math.max(0, upperBefore - longestIban + 1),
                pieceValues.digitGroups(), found);
        if (!amounts.isEmpty()) {
            for (String number : pieceValues.numbers()) {
                found.addAll(amounts.getOrDefault(number, List.of()));
            }
        }
        return ordered(found);
    }

    private void collect(String lower, CharSequence upperCompact, int upperFrom, Set<String> digitGroups, Set<Entry<O>> found) {
        lowerKeys.occurrences(lower, 0, (entry, start, end) -> {
            if (entry.value.kind() == TextValues.Kind.EMAIL || entry.value.key().indexOf('/') >= 0
                    || TextValues.bareHostAt(lower, start, end)) {
                found.add(entry);
            }
        });
        ibanKeys.occurrences(upperCompact, upperFrom, (entry, start, end) -> found.add(entry));
        if (!accountKeys.isEmpty()) {
            for (String group : digitGroups) {
                accountKeys.occurrences(group, 0, (entry, start, end) -> found.add(entry));
            }
        }
    }

    private List<Entry<O>> ordered(Set<Entry<O>> found) {
        List<Entry<O>> result = new ArrayList<>(found);
        result.sort(Comparator.comparingLong(e -> e.rank));
        return result;
    }
}
