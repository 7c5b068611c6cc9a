package dev.leash.guards.internal;

import java.util.List;

/**
 * The decoded views ({@link Views#of}) of the last few texts decoded on this thread, so that a
 * text decoded once is not decoded again by the next reader: the audit record of a proposed step
 * ({@code SecretRedactor}, through {@code LeakDetector.scan(String)}) and the leak guard that then
 * checks the same call ({@link CallViews}) run one after the other on the thread that runs the
 * agent loop, and read the same text.
 *
 * <p>Correct whatever happens in between: views are a pure function of the text (they do not
 * depend on the secrets; scans of them do, and are not remembered here), so a remembered answer
 * is the answer {@link Views#of} would give. A text is found by its content ({@link
 * String#equals}). The same view objects are handed out each time, so {@code LeakDetector} can
 * remember what each held, by identity, for the index of secrets it was read with.
 *
 * <p>Bounded: at most {@value #MAX_ENTRIES} texts per thread, the least recently used dropped
 * first, and at most {@value #MAX_CHARS} characters of text and decoded views together. A text
 * whose views alone exceed that (a 1 MB argument) is kept only until it is read {@value
 * #BIG_READS} times more (the leak guard's and the escalation guard's reading of the call the audit
 * record decoded) or the next such text is decoded on the thread, so it is not held for long;
 * short texts decoded meanwhile do not push it out. Thread-safe: each thread has
 * its own memo; the views returned are immutable.
 */
public final class ViewMemo {

    /** Most texts remembered per thread. */
    static final int MAX_ENTRIES = 8;
    /**
     * Most characters (texts and their views) remembered per thread, but for the newest text:
     * enough for the few texts of a step, small enough that a pool of hundreds of threads holds
     * a few megabytes, not hundreds.
     */
    static final int MAX_CHARS = 1 << 16;

    /** Readings more of a text too big to keep before it is forgotten. */
    static final int BIG_READS = 2;

    private static final ThreadLocal<Entries> MEMO = ThreadLocal.withInitial(Entries::new);

    private ViewMemo() {
    }

    /** The views of {@code text}: remembered if it was decoded lately on this thread, else decoded now. */
    public static List<Views.View> of(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        Entries entries = MEMO.get();
        List<Views.View> known = entries.find(text);
        if (known != null) {
            return known;
        }
        List<Views.View> views = List.copyOf(Views.of(text));
        entries.add(text, views);
        return views;
    }

    /** Forgets what this thread remembers (for tests). */
    static void clear() {
        MEMO.remove();
    }

    /** How many texts this thread remembers (for tests). */
    static int size() {
        return MEMO.get().size;
    }

    /** The remembered texts, most recent first, in parallel arrays. */
    private static final class Entries {
        private final String[] texts = new String[MAX_ENTRIES];
        private final Object[] views = new Object[MAX_ENTRIES];
        private final long[] weights = new long[MAX_ENTRIES];
        /** How many times each text too big to keep was read again. */
        private final int[] reads = new int[MAX_ENTRIES];
        private int size;
        private long chars;

        @SuppressWarnings("unchecked")
        List<Views.View> find(String text) {
            for (int i = 0; i < size; i++) {
                if (texts[i].equals(text)) {
                    List<Views.View> found = (List<Views.View>) views[i];
                    if (weights[i] > MAX_CHARS && ++reads[i] >= BIG_READS) {
                        remove(i); // too big to keep: handed over to the readers of one call, then forgotten
                    } else {
                        toFront(i);
                    }
                    return found;
                }
            }
            return null;
        }

        void add(String text, List<Views.View> decoded) {
            long weight = 0;
            for (Views.View view : decoded) {
                weight += view.text().length();
            }
            weight = Math.max(weight, text.length());
            if (size == MAX_ENTRIES) {
                remove(size - 1);
            }
            System.arraycopy(texts, 0, texts, 1, size);
            System.arraycopy(views, 0, views, 1, size);
            System.arraycopy(weights, 0, weights, 1, size);
            System.arraycopy(reads, 0, reads, 1, size);
            texts[0] = text;
            views[0] = decoded;
            weights[0] = weight;
            reads[0] = 0;
            size++;
            chars += weight;
            // the newest stays, whatever its size, and when it is short so does the newest text too
            // big to keep that its readers have not all read yet: a short text decoded between
            // them (a decision's reason, redacted) does not make the next reader decode a megabyte
            // again, and at most one such text is held
            int pending = -1;
            for (int i = 1; i < size && pending < 0 && weight <= MAX_CHARS; i++) {
                if (weights[i] > MAX_CHARS && reads[i] < BIG_READS) {
                    pending = i;
                }
            }
            for (int i = size - 1; i >= 1 && chars > MAX_CHARS; i--) {
                if (i != pending) {
                    remove(i);
                }
            }
        }

        private void toFront(int i) {
            if (i == 0) {
                return;
            }
            String text = texts[i];
            Object view = views[i];
            long weight = weights[i];
            int read = reads[i];
            System.arraycopy(texts, 0, texts, 1, i);
            System.arraycopy(views, 0, views, 1, i);
            System.arraycopy(weights, 0, weights, 1, i);
            System.arraycopy(reads, 0, reads, 1, i);
            texts[0] = text;
            views[0] = view;
            weights[0] = weight;
            reads[0] = read;
        }

        private void remove(int i) {
            chars -= weights[i];
            int after = size - i - 1;
            System.arraycopy(texts, i + 1, texts, i, after);
            System.arraycopy(views, i + 1, views, i, after);
            System.arraycopy(weights, i + 1, weights, i, after);
            System.arraycopy(reads, i + 1, reads, i, after);
            size--;
            texts[size] = null;
            views[size] = null;
            weights[size] = 0;
            reads[size] = 0;
        }
    }
}
