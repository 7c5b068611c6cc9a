package dev.leash.tiers.policy;

/** What a tier does with calls of some impact, as the permission manifest reports it. */
public enum Treatment {
    /** Runs unattended. */
    ALLOWED("allowed"),
    /** Runs unattended when every target is inside the allowlists; otherwise denied. */
    ALLOWED_INSIDE_ALLOWLISTS("allowed inside allowlists"),
    /** Runs only when a human approves the exact call. */
    APPROVAL("approval"),
    /** Never runs. */
    DENIED("denied");

    private final String label;

    Treatment(String label) {
        this.label = label;
    }

    /** {@code allowed}, {@code allowed inside allowlists}, {@code approval}, {@code denied}. */
    public String label() {
        return label;
    }
}
