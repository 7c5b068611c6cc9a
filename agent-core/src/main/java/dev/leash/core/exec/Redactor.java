package dev.leash.core.exec;

/**
 * Removes secrets from text before a model or a log sees it. Thread-safe.
 */
@FunctionalInterface
public interface Redactor {

    String redact(String text);

    static Redactor none() {
        return text -> text;
    }
}
