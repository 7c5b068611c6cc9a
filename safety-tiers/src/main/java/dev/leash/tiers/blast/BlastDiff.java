package dev.leash.tiers.blast;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.Impact;
import dev.leash.tiers.blast.BlastRadius.Amount;
import dev.leash.tiers.blast.BlastRadius.Reach;
import dev.leash.tiers.blast.BlastRadius.ToolRadius;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What changed between two blast-radius reports: what grew and what shrank. The unattended worst
 * case grows ({@link #widens()}) when a tool's calls move towards fewer humans (never to approval,
 * approval to unattended), a tool that writes or is irreversible appears, a rate or budget rises
 * or goes away, an argument budget rises, an allowlist admits a new entry, or a tool stops
 * declaring its targets. Immutable and thread-safe.
 *
 * @param grew the changes that widen, each naming the tool and what grew
 * @param shrank the changes that narrow
 */
public record BlastDiff(List<String> grew, List<String> shrank) {

    public BlastDiff {
        grew = List.copyOf(grew);
        shrank = List.copyOf(shrank);
    }

    /** Whether anything grew: a CI job should ask a human to look. */
    public boolean widens() {
        return !grew.isEmpty();
    }

    /** The changes from {@code before} to {@code after}. */
    public static BlastDiff of(BlastRadius before, BlastRadius after) {
        requireNonNull(before, "before is null");
        requireNonNull(after, "after is null");
        List<String> grew = new ArrayList<>();
        List<String> shrank = new ArrayList<>();
        for (ToolRadius a : after.tools()) {
            Optional<ToolRadius> b = before.tools().stream().filter(t -> t.tool().equals(a.tool())).findFirst();
            if (b.isEmpty()) {
                if (a.reach() == Reach.UNATTENDED) {
                    grew.add(a.tool() + ": new tool, " + a.impact().label() + ", runs unattended ("
                            + a.describeCalls() + "; reaches " + a.describeTargets() + ")");
                } else if (a.reach() == Reach.APPROVAL && a.impact() != Impact.READ) {
                    grew.add(a.tool() + ": new " + a.impact().label() + " tool, with approval (" + a.describeCalls() + ")");
                } else {
                    shrank.add(a.tool() + ": new tool, never runs at " + after.level() + " (no change in reach)");
                }
                continue;
            }
            compare(b.get(), a, grew, shrank);
        }
        for (ToolRadius b : before.tools()) {
            if (!after.toolNames().contains(b.tool())) {
                shrank.add(b.tool() + ": removed (was " + b.reach().label() + ")");
            }
        }
        return new BlastDiff(grew, shrank);
    }

    private static void compare(ToolRadius b, ToolRadius a, List<String> grew, List<String> shrank) {
        String name = a.tool();
        for (Map.Entry<Impact, Reach> e : a.perImpact().entrySet()) {
            Reach was = b.perImpact().getOrDefault(e.getKey(), Reach.NEVER);
            Reach now = e.getValue();
            if (now != was) {
                (now.compareTo(was) < 0 ? grew : shrank).add(name + ": " + e.getKey().label() + " calls "
                        + was.label() + " -> " + now.label());
            }
        }
        if (a.impact().isAbove(b.impact())) {
            grew.add(name + ": impact " + b.impact().label() + " -> " + a.impact().label());
        } else if (b.impact().isAbove(a.impact())) {
            shrank.add(name + ": impact " + b.impact().label() + " -> " + a.impact().label());
        }
        if (a.reach() != Reach.NEVER) {
            int calls = compare(b.callsPerDay(), a.callsPerDay());
            if (calls != 0) {
                (calls > 0 ? grew : shrank).add(name + ": calls a day " + count(b.callsPerDay()) + " -> "
                        + count(a.callsPerDay()) + " (" + b.callsBasis() + " -> " + a.callsBasis() + ")");
            }
            amount(name, b.amount(), a.amount(), grew, shrank);
            for (Map.Entry<String, List<String>> e : a.targets().entrySet()) {
                List<String> was = b.targets().getOrDefault(e.getKey(), List.of());
                List<String> added = e.getValue().stream().filter(v -> !was.contains(v)).toList();
                List<String> removed = was.stream().filter(v -> !e.getValue().contains(v)).toList();
                if (!added.isEmpty()) {
                    grew.add(name + ": " + e.getKey() + " admits " + String.join(", ", added));
                }
                if (!removed.isEmpty()) {
                    shrank.add(name + ": " + e.getKey() + " no longer admits " + String.join(", ", removed));
                }
            }
            if (a.noTargetsDeclared() && !b.noTargetsDeclared()) {
                grew.add(name + ": no longer declares its targets (no allowlist limits it)");
            } else if (!a.noTargetsDeclared() && b.noTargetsDeclared()) {
                shrank.add(name + ": now declares its targets");
            }
        }
    }

    private static void amount(String name, Optional<Amount> b, Optional<Amount> a, List<String> grew, List<String> shrank) {
        if (a.isEmpty() && b.isEmpty()) {
            return;
        }
        if (a.isEmpty()) {
            grew.add(name + ": argument budget removed (was " + b.get().describe() + ")");
            return;
        }
        if (b.isEmpty()) {
            shrank.add(name + ": new argument budget: " + a.get().describe());
            return;
        }
        int c = compareAmount(b.get().maxPerDay(), a.get().maxPerDay());
        if (c != 0) {
            (c > 0 ? grew : shrank).add(name + ": " + a.get().argument() + " a day " + amountText(b.get()) + " -> "
                    + amountText(a.get()));
        }
    }

    private static String amountText(Amount a) {
        return a.maxPerDay().map(BigDecimal::toPlainString).orElse(BlastRadius.UNLIMITED);
    }

    private static String count(OptionalLong n) {
        return n.isPresent() ? Long.toString(n.getAsLong()) : BlastRadius.UNLIMITED;
    }

    /** Positive when {@code after} allows more (empty = no limit). */
    private static int compare(OptionalLong before, OptionalLong after) {
        if (before.isEmpty() || after.isEmpty()) {
            return before.isEmpty() == after.isEmpty() ? 0 : after.isEmpty() ? 1 : -1;
        }
        return Long.compare(after.getAsLong(), before.getAsLong());
    }

    private static int compareAmount(Optional<BigDecimal> before, Optional<BigDecimal> after) {
        if (before.isEmpty() || after.isEmpty()) {
            return before.isEmpty() == after.isEmpty() ? 0 : after.isEmpty() ? 1 : -1;
        }
        return after.get().compareTo(before.get());
    }

    /** The diff as plain text: GREW lines, then SHRANK lines. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append(widens() ? "The unattended worst case GROWS.\n" : "The unattended worst case does not grow.\n");
        text.append("\nGREW:\n");
        if (grew.isEmpty()) {
            text.append("  nothing\n");
        }
        grew.forEach(g -> text.append("  + ").append(g).append('\n'));
        text.append("\nSHRANK:\n");
        if (shrank.isEmpty()) {
            text.append("  nothing\n");
        }
        shrank.forEach(s -> text.append("  - ").append(s).append('\n'));
        return text.toString();
    }
}
