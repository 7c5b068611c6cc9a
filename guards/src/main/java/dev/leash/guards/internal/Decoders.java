package dev.leash.guards.internal;


/**
 * Text views shared by the guards and the redactor: letters and digits only, reversed. The
 * decoders themselves are in {@link Views}. Stateless and thread-safe.
 */
public final class Decoders {

    private Decoders() {
    }

    /** Lower-cased letters and digits only: separators, spaces, punctuation removed. */
    public static String alnumLower(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 128) {
                if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                    out.append(c);
                } else if (c >= 'A' && c <= 'Z') {
                    out.append((char) (c + 32));
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                int cp = text.codePointAt(i);
                if (Character.isLetterOrDigit(cp)) {
                    out.appendCodePoint(Character.toLowerCase(cp));
                }
                i++;
            } else if (Character.isLetterOrDigit(c)) {
                out.append(Character.toLowerCase(c));
            }
        }
        return out.toString();
    }

    public static String reverse(String text) {
        return new StringBuilder(text).reverse().toString();
    }

}
