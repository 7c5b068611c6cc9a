package dev.leash.tiers.policy;

import static java.util.Objects.requireNonNull;

import dev.leash.api.plan.Observation;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Evidence;
import dev.leash.api.policy.Policy;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.policy.Reason;
import dev.leash.api.run.RunContext;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The target flags without the per-run index: every observation's content folded ({@link
 * ValueForms}) and searched at every call, a value's words matched against each word of the text
 * in turn. The oracle of {@link TargetFlagsIndexTest}, which checks that the indexed flags decide
 * exactly as this does.
 */
final class TargetFlagsByScan implements Policy {

    public static final String UNTRUSTED_TARGET = "untrusted-target";
    public static final String UNNAMED_TARGET = "unnamed-target";
    public static final String IRREVERSIBLE_USE = "irreversible-use";
    public static final String UNTRUSTED_ARGUMENT = "untrusted-argument";

    private static final int QUOTE = 60;
    /** Longer values are prose, which the taint guard's fragment check covers. */
    private static final int MAX_ARGUMENT = 200;

    private final Function<String, Optional<Tool>> tools;

    /** @param tools the registered tools by name, for their lowest impact */
    TargetFlagsByScan(Function<String, Optional<Tool>> tools) {
        this.tools = requireNonNull(tools, "tools is null");
    }

    @Override
    public Optional<Decision> evaluate(ProposedCall call) {
        if (call.impact() == Impact.READ) {
            return TargetFlags.reachesHost(call) ? read(call, call.run()) : Optional.empty();
        }
        RunContext run = call.run();
        List<Reason> reasons = new ArrayList<>();
        for (Target target : call.targets()) {
            String value = ValueForms.value(target.value());
            if (value.length() < 3 || grounded(value, run)) {
                continue;
            }
            List<Evidence> evidence = untrustedEvidence(value, run);
            String what = target.kind().name() + " '" + target.value() + "'";
            TargetPieces.Pieces folder;
            TargetPieces.Pieces pieces = evidence.isEmpty() && TargetPieces.cutsIntoPieces(target.kind())
                    ? pieces(value, run) : null;
            if (!evidence.isEmpty()) {
                reasons.add(Reason.of(UNTRUSTED_TARGET, "the " + what + " of " + call.tool()
                        + " comes from untrusted content, not from the principal", evidence));
            } else if (pieces != null) {
                reasons.add(Reason.of(UNTRUSTED_TARGET, "the " + what + " of " + call.tool()
                        + " is put together from pieces of untrusted content ('" + String.join("', '", pieces.pieces())
                        + "'), not from the principal", pieces.evidence()));
            } else if (target.kind() == Target.Kind.PATH && (folder = TargetPieces.untrustedFolder(value, lookup(run))) != null) {
                reasons.add(Reason.of(UNTRUSTED_TARGET, "the folder '" + folder.pieces().get(0) + "' of the " + what + " of "
                        + call.tool() + " comes from untrusted content, not from the principal", folder.evidence()));
            } else if (call.impact() == Impact.IRREVERSIBLE && !namedPerson(target, run)) {
                reasons.add(Reason.of(UNNAMED_TARGET, call.tool() + " would act irreversibly on the " + what
                        + ", which neither the goal nor anything the run read names"));
            }
        }
        reasons.addAll(TargetFlags.untrustedPaths(call, lookup(run)));
        // The arguments the flags read (which are watched is not what the index changes).
        for (String[] argument : TargetFlags.watchedArguments(call)) {
            String key = argument[0];
            String raw = argument[1];
            String value = ValueForms.value(raw);
            if (value.length() < 4) {
                Reason shortId = TargetFlags.shortId(call, key, raw, run);
                if (shortId != null) {
                    reasons.add(shortId);
                }
                continue;
            }
            if (value.length() > MAX_ARGUMENT
                    || !value.toLowerCase(Locale.ROOT).matches("(?s).*[a-z0-9].*")
                    || grounded(value, run)) {
                continue;
            }
            List<Evidence> evidence = untrustedEvidence(value, run);
            TargetPieces.Pieces pieces;
            if (!evidence.isEmpty()) {
                reasons.add(TargetFlags.untrustedArgument(call, key, raw, evidence));
            } else if (!TargetFlags.hasWhiteSpace(value) && (pieces = pieces(value, run)) != null) {
                reasons.add(TargetFlags.piecedArgument(call, key, raw, pieces));
            }
        }
        Reason action = TargetFlags.untrustedAction(call, run);
        if (action != null) {
            reasons.add(action);
        }
        if (call.impact() == Impact.IRREVERSIBLE) {
            Impact lowest = tools.apply(call.tool()).map(TargetFlagsByScan::lowestOf).orElse(Impact.IRREVERSIBLE);
            if (lowest != Impact.IRREVERSIBLE) {
                reasons.add(Reason.of(IRREVERSIBLE_USE, "this call of " + call.tool() + " is IRREVERSIBLE, while the tool's "
                        + "calls can be " + lowest + ": it does more than the tool is usually used for"));
            }
        }
        return reasons.isEmpty() ? Optional.empty() : Optional.of(Decision.RequireApproval.combining(reasons));
    }

    /** The untrusted pieces {@code value} is put together from ({@link TargetPieces}), or null. */
    private static TargetPieces.Pieces pieces(String value, RunContext run) {
        return TargetPieces.untrustedPieces(value, lookup(run));
    }

    /** Pieces of a value looked up in the run: grounded, or held by untrusted content. */
    private static TargetPieces.Lookup lookup(RunContext run) {
        return new TargetPieces.Lookup() {
            @Override
            public boolean grounded(String piece) {
                return TargetFlagsByScan.grounded(piece, run);
            }

            @Override
            public List<Evidence> untrusted(String piece) {
                return untrustedEvidence(piece, run);
            }
        };
    }

    /**
     * A READ call that reaches a host: each link among its arguments that takes its destination
     * from untrusted content and carries text the run got elsewhere ({@link TargetPieces#carriedLink}).
     */
    private static Optional<Decision> read(ProposedCall call, RunContext run) {
        return TargetFlags.carriedLinks(call, lookup(run));
    }

    @Override
    public String name() {
        return "target-flags";
    }

    private static Impact lowestOf(Tool tool) {
        try {
            Impact lowest = tool.lowestImpact();
            return lowest == null ? tool.spec().impact() : lowest;
        } catch (RuntimeException e) {
            return tool.spec().impact();
        }
    }

    /** A recipient whose name (the local part of the address) the goal uses: "forward it to Priya". */
    private static boolean namedPerson(Target target, RunContext run) {
        if (target.kind() != Target.Kind.EMAIL_RECIPIENT) {
            return false;
        }
        String value = target.value().trim().toLowerCase(Locale.ROOT);
        int at = value.indexOf('@');
        if (at < 2) {
            return false;
        }
        for (String part : value.substring(0, at).split("[._+-]")) {
            if (part.length() >= 3 && occurs(run.goal(), part)) {
                return true;
            }
        }
        return false;
    }

    private static boolean literal(String value) {
        return ValueForms.strict(value).words() == 0 || ValueForms.loose(value).words() == 0;
    }

    private static boolean grounded(String value, RunContext run) {
        if (literal(value)) {
            String lower = value.toLowerCase(Locale.ROOT);
            if (occurs(run.goal(), lower) || occurs(run.principal(), lower)) {
                return true;
            }
            for (Observation observation : run.observations()) {
                for (String source : observation.provenance().sources()) {
                    if (occurs(source, lower)) {
                        return true;
                    }
                }
                if (!observation.provenance().isUntrusted() && observation.isOk() && occurs(observation.content(), lower)) {
                    return true;
                }
            }
            return false;
        }
        ValueForms.Form strict = ValueForms.strict(value);
        List<String> texts = new ArrayList<>();
        texts.add(run.goal() == null ? "" : run.goal());
        texts.add(run.principal() == null ? "" : run.principal());
        for (Observation observation : run.observations()) {
            texts.addAll(observation.provenance().sources());
            if (!observation.provenance().isUntrusted() && observation.isOk()) {
                texts.add(observation.content());
            }
        }
        for (String text : texts) {
            if (ValueForms.find(ValueForms.strict(text), strict, true) != null) {
                return true;
            }
        }
        return false;
    }

    private static List<Evidence> untrustedEvidence(String value, RunContext run) {
        List<Evidence> evidence = new ArrayList<>();
        List<Observation> observations = run.observations();
        boolean literal = literal(value);
        String lower = value.toLowerCase(Locale.ROOT);
        ValueForms.Form loose = ValueForms.loose(value);
        for (int i = 0; i < observations.size(); i++) {
            Observation observation = observations.get(i);
            if (!observation.provenance().isUntrusted()) {
                continue;
            }
            String content = observation.content();
            int from;
            int to;
            if (literal) {
                from = indexOf(content, lower);
                to = from + lower.length();
            } else {
                // "at" and "dot" as separators first, then as words
                ValueForms.Form form = ValueForms.loose(content);
                int[] span = wordsHolding(form, loose);
                if (span == null && (form.plain() != null || loose.plain() != null)) {
                    form = form.plain() != null ? form.plain() : form;
                    span = wordsHolding(form, loose.plain() != null ? loose.plain() : loose);
                }
                from = span == null ? -1 : form.rawStarts()[span[0]];
                to = span == null ? -1 : form.rawEnds()[span[1]];
            }
            if (from >= 0) {
                String quote = content.substring(Math.max(0, from - QUOTE), Math.min(content.length(), to + QUOTE))
                        .replaceAll("\\s+", " ").trim();
                String source = "observation " + (i + 1) + " (" + observation.call().tool()
                        + (observation.provenance().sources().isEmpty() ? "" : " " + String.join(", ", observation.provenance().sources()))
                        + ")";
                evidence.add(Evidence.of(source, quote));
            }
        }
        return evidence;
    }

    /**
     * The first run of whole words of {@code text} that spell the value's words run together (after
     * a '#' or '@' where a one-word value starts with one): its first and last word.
     */
    private static int[] wordsHolding(ValueForms.Form text, ValueForms.Form value) {
        String wanted = value.chars();
        String lead = value.gaps()[0];
        String sigil = value.words() > 1 ? "" : lead.endsWith("#") ? "#" : lead.endsWith("@") ? "@" : "";
        for (int first = 0; first < text.words(); first++) {
            if (!text.gaps()[first].endsWith(sigil)) {
                continue;
            }
            StringBuilder spelled = new StringBuilder();
            for (int last = first; last < text.words() && spelled.length() < wanted.length(); last++) {
                spelled.append(text.chars(), text.starts()[last], text.ends()[last]);
                if (spelled.length() == wanted.length() && spelled.toString().equals(wanted)) {
                    return new int[] {first, last};
                }
                if (!wanted.startsWith(spelled.toString())) {
                    break;
                }
            }
        }
        return null;
    }

    private static boolean occurs(String text, String value) {
        return text != null && indexOf(text, value) >= 0;
    }

    /** Where {@code value} occurs in {@code text} as a whole (case-insensitive), or -1. */
    private static int indexOf(String text, String value) {
        String haystack = text.toLowerCase(Locale.ROOT);
        int from = 0;
        while (true) {
            int at = haystack.indexOf(value, from);
            if (at < 0) {
                return -1;
            }
            int end = at + value.length();
            boolean startOk = at == 0 || !Character.isLetterOrDigit(haystack.charAt(at - 1));
            boolean endOk = end >= haystack.length() || !Character.isLetterOrDigit(haystack.charAt(end));
            if (startOk && endOk) {
                return at;
            }
            from = at + 1;
        }
    }
}
