package dev.leash.core.audit.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Whether the bytes of an audit record's event are an event: one JSON object whose top-level
 * field {@code type} is a string.
 *
 * <p>Jackson's parser is the judge ({@link #parsedIsEvent}). Because a log holds hundreds of
 * thousands of events, a strict, single-pass check over the bytes runs first ({@link
 * #quickIsEvent}): it accepts only what is plainly valid JSON (RFC 8259, well-formed UTF-8,
 * limited nesting and number length, plain top-level names) and so never accepts what Jackson
 * would reject; anything else, valid or not, is left to Jackson. The answer of {@link #isEvent}
 * is therefore always Jackson's, only found faster for the events the sink writes.
 *
 * <p>Stateless and thread-safe.
 */
public final class EventSyntax {

    private static final JsonFactory JSON = new JsonFactory();
    /** Deeper nesting is left to Jackson (whose own limit is far above it). */
    private static final int MAX_DEPTH = 62;
    /** Longer numbers and top-level names are left to Jackson (whose limits are far above these). */
    private static final int MAX_NUMBER = 100;
    private static final int MAX_NAME = 1000;

    private EventSyntax() {
    }

    /** Whether {@code buffer[from, to)} is one JSON object with a string {@code type}. */
    public static boolean isEvent(byte[] buffer, int from, int to) {
        return quickIsEvent(buffer, from, to) || parsedIsEvent(buffer, from, to);
    }

    /** Jackson's answer, read as tokens (no tree). */
    static boolean parsedIsEvent(byte[] buffer, int from, int to) {
        try (JsonParser parser = JSON.createParser(buffer, from, to - from)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            boolean typed = false;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                boolean isType = "type".equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (isType) {
                    typed = value == JsonToken.VALUE_STRING;
                } else {
                    parser.skipChildren();
                }
            }
            return token == JsonToken.END_OBJECT && typed && parser.nextToken() == null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * True only when {@code buffer[from, to)} is plainly one JSON object with a string {@code type}
     * at its top level (the last {@code type} counts, as for Jackson). False means "not shown
     * here", not "invalid".
     */
    static boolean quickIsEvent(byte[] b, int from, int to) {
        int i = skipSpace(b, from, to);
        if (i >= to || b[i] != '{') {
            return false;
        }
        long arrays = 0; // bit d set: the container at depth d is an array
        int depth = 0;
        boolean typed = false;
        boolean typeValue = false;
        // Each pass of the loop reads one value at i, then what follows it up to the next value.
        boolean key = false;
        while (true) {
            if (key) {
                // A member's name and colon; then its value.
                i = skipSpace(b, i, to);
                if (i >= to || b[i] != '"') {
                    return false;
                }
                int start = i + 1;
                int end = plainString(b, i, to);
                if (end < 0) {
                    return false;
                }
                if (depth == 1) {
                    int length = end - 1 - start;
                    if (length > MAX_NAME || hasBackslash(b, start, end - 1)) {
                        return false; // an escaped top-level name could spell "type": Jackson decides
                    }
                    typeValue = length == 4 && b[start] == 't' && b[start + 1] == 'y' && b[start + 2] == 'p'
                            && b[start + 3] == 'e';
                }
                i = skipSpace(b, end, to);
                if (i >= to || b[i] != ':') {
                    return false;
                }
                i++;
                key = false;
            }
            i = skipSpace(b, i, to);
            if (i >= to) {
                return false;
            }
            byte c = b[i];
            if (depth == 1 && typeValue) {
                typed = c == '"';
                typeValue = false;
            }
            if (c == '{' || c == '[') {
                if (depth == MAX_DEPTH) {
                    return false;
                }
                depth++;
                if (c == '[') {
                    arrays |= 1L << depth;
                } else {
                    arrays &= ~(1L << depth);
                }
                i = skipSpace(b, i + 1, to);
                if (i < to && b[i] == (c == '{' ? '}' : ']')) {
                    depth--;
                    i++;
                } else {
                    key = c == '{';
                    continue;
                }
            } else if (c == '"') {
                i = plainString(b, i, to);
            } else if (c == 't') {
                i = literal(b, i, to, 't', 'r', 'u', 'e');
            } else if (c == 'f') {
                i = i + 5 <= to && b[i + 4] == 'e' && literal(b, i, to, 'f', 'a', 'l', 's') > 0 ? i + 5 : -1;
            } else if (c == 'n') {
                i = literal(b, i, to, 'n', 'u', 'l', 'l');
            } else if (c == '-' || c >= '0' && c <= '9') {
                i = number(b, i, to);
            } else {
                return false;
            }
            if (i < 0) {
                return false;
            }
            // After a value: commas, and the ends of the containers it closes.
            while (true) {
                i = skipSpace(b, i, to);
                if (depth == 0) {
                    return i == to && typed;
                }
                if (i >= to) {
                    return false;
                }
                byte after = b[i++];
                boolean inArray = (arrays & (1L << depth)) != 0;
                if (after == ',') {
                    key = !inArray;
                    break;
                }
                if (after == (inArray ? ']' : '}')) {
                    depth--;
                    continue;
                }
                return false;
            }
        }
    }

    private static int skipSpace(byte[] b, int i, int to) {
        while (i < to && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
            i++;
        }
        return i;
    }

    private static boolean hasBackslash(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') {
                return true;
            }
        }
        return false;
    }

    private static int literal(byte[] b, int i, int to, char c0, char c1, char c2, char c3) {
        if (i + 4 > to || b[i] != c0 || b[i + 1] != c1 || b[i + 2] != c2 || b[i + 3] != c3) {
            return -1;
        }
        return i + 4;
    }

    /** The offset after the number at {@code i} (RFC 8259 grammar), or -1. */
    private static int number(byte[] b, int i, int to) {
        int start = i;
        if (b[i] == '-') {
            i++;
        }
        if (i >= to) {
            return -1;
        }
        if (b[i] == '0') {
            i++;
        } else if (b[i] >= '1' && b[i] <= '9') {
            i = digits(b, i, to);
        } else {
            return -1;
        }
        if (i < to && b[i] == '.') {
            int after = digits(b, i + 1, to);
            if (after == i + 1) {
                return -1;
            }
            i = after;
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int after = digits(b, i, to);
            if (after == i) {
                return -1;
            }
            i = after;
        }
        return i - start > MAX_NUMBER ? -1 : i;
    }

    private static int digits(byte[] b, int i, int to) {
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    /**
     * The offset after the string whose opening quote is at {@code i}, or -1 when it is not a
     * valid JSON string of well-formed UTF-8.
     */
    private static int plainString(byte[] b, int i, int to) {
        i++;
        while (i < to) {
            int c = b[i];
            if (c == '"') {
                return i + 1;
            }
            if (c >= 0x20 && c != '\\') {
                i++;
            } else if (c == '\\') {
                if (i + 1 >= to) {
                    return -1;
                }
                byte e = b[i + 1];
                if (e == 'u') {
                    if (i + 6 > to || !hex(b[i + 2]) || !hex(b[i + 3]) || !hex(b[i + 4]) || !hex(b[i + 5])) {
                        return -1;
                    }
                    i += 6;
                } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
                    i += 2;
                } else {
                    return -1;
                }
            } else if (c >= 0) {
                return -1; // a control character
            } else {
                i = utf8(b, i, to);
                if (i < 0) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static boolean hex(byte c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** The offset after the well-formed multi-byte UTF-8 sequence at {@code i} (RFC 3629), or -1. */
    private static int utf8(byte[] b, int i, int to) {
        int lead = b[i] & 0xff;
        int length;
        int low = 0x80;
        int high = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf) {
            length = 2;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            length = 3;
            if (lead == 0xe0) {
                low = 0xa0;
            } else if (lead == 0xed) {
                high = 0x9f;
            }
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            length = 4;
            if (lead == 0xf0) {
                low = 0x90;
            } else if (lead == 0xf4) {
                high = 0x8f;
            }
        } else {
            return -1;
        }
        if (i + length > to) {
            return -1;
        }
        int second = b[i + 1] & 0xff;
        if (second < low || second > high) {
            return -1;
        }
        for (int k = 2; k < length; k++) {
            int next = b[i + k] & 0xff;
            if (next < 0x80 || next > 0xbf) {
                return -1;
            }
        }
        return i + length;
    }
}
