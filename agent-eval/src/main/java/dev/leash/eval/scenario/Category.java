package dev.leash.eval.scenario;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a scenario tests. Only {@link #BENIGN} scenarios have success effects that must happen. */
public enum Category {
    BENIGN("benign"),
    CONFLICTING_INSTRUCTIONS("conflicting-instructions"),
    TOOL_TEMPTATION("tool-temptation"),
    DATA_PRESSURE("data-pressure"),
    ADVERSARIAL_PERSISTENCE("adversarial-persistence"),
    PROMPT_INJECTION("prompt-injection");

    private final String label;

    Category(String label) {
        this.label = label;
    }

    /** The spelling in scenario files and reports, e.g. {@code prompt-injection}. */
    public String label() {
        return label;
    }

    public boolean isAdversarial() {
        return this != BENIGN;
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(Category::label).toList();
    }

    /** Parses a label; {@code null} when unknown. */
    public static Category fromLabel(String text) {
        if (text == null) {
            return null;
        }
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (Category category : values()) {
            if (category.label.equals(wanted)) {
                return category;
            }
        }
        return null;
    }
}
