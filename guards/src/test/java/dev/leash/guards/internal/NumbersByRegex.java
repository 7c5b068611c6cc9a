package dev.leash.guards.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link TextValues#exactNumber} and {@link TextValues#digitGroups} as they were written before
 * they first ruled texts out in one pass: regular expressions over the whole text, whatever its
 * length. Kept unchanged as the oracle of {@link NumberPrecheckTest}.
 */
final class NumbersByRegex {

    private static final Pattern DIGIT_GROUP = Pattern.compile("(?<![\\w.,])\\d[\\d -]{6,}\\d(?![\\w])");
    private static final Pattern DATE = Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}\\b|\\b\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}\\b");

    private NumbersByRegex() {
    }

    static String exactNumber(String text) {
        String t = text.strip().replaceAll("^(?:[$€£]|(?i:usd|eur|gbp|chf)\\b)\\s?|\\s?(?:[$€£]|\\b(?i:usd|eur|gbp|chf))$", "");
        if (!t.matches("\\d[\\d,.']*")) {
            return null;
        }
        return TextValues.normaliseNumber(t);
    }

    static Set<String> digitGroups(String text) {
        Set<String> digitGroups = new LinkedHashSet<>();
        Matcher m = DIGIT_GROUP.matcher(DATE.matcher(text).replaceAll(" "));
        while (m.find()) {
            if (isDigitGroup(m.group())) {
                digitGroups.add(m.group().replaceAll("\\D", ""));
            }
        }
        return digitGroups;
    }

    private static boolean isDigitGroup(String group) {
        int digits = 0;
        char previous = '0';
        for (int i = 0; i < group.length(); i++) {
            char c = group.charAt(i);
            if (Character.isDigit(c)) {
                digits++;
            } else if (!Character.isDigit(previous)) {
                return false;
            }
            previous = c;
        }
        return digits >= 8;
    }
}
