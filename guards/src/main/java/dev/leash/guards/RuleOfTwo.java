package dev.leash.guards;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.api.plan.Observation;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Policy;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.run.RunContext;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.Target;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.regex.Pattern;

/**
 * The Rule of Two, per run: an agent may have at most two of (a) untrusted input,
 * (b) sensitive data, (c) the power to change state or communicate outward, without a human.
 * When the run has read untrusted input (an OK observation with untrusted provenance) and has
 * touched sensitive data (an observation that held a secret, already redacted or not; an earlier
 * call on a path or table marked sensitive; or this call's own sensitive targets) and this call
 * changes state or communicates outward (WRITE or IRREVERSIBLE, or a READ that reaches a host or
 * recipient, such as {@code http_get}), the call needs approval ({@link GuardRules#RULE_OF_TWO})
 * at every level that allows it at all (a tier's deny still wins).
 *
 * <p>Derived from the run's observations only, and thread-safe. The rule keeps, per run, the
 * untrusted sources read and which observations touched sensitive data, each observation read
 * once when it arrives, so that a call late in a long run does not read every earlier result
 * again; that state is released when the run ends ({@link RunContext#onEnd}) and is never shared
 * between runs.
 */
public final class RuleOfTwo implements Policy {

    private static final Pattern URL_IN_TEXT = Pattern.compile("(?i)\\bhttps?://\\S+");

    private final LeakDetector detector;
    private final SensitiveData.Compiled sensitive;

    @Inject
    public RuleOfTwo(LeakDetector detector, SensitiveData sensitive) {
        this.detector = requireNonNull(detector, "detector is null");
        this.sensitive = requireNonNull(sensitive, "sensitive is null").compiled();
    }

    public RuleOfTwo(SecretRegistry secrets, SensitiveData sensitive) {
        this(new LeakDetector(secrets), sensitive);
    }

    @Override
    public Optional<Decision> evaluate(ProposedCall call) {
        Optional<String> outward = outward(call);
        if (outward.isEmpty()) {
            return Optional.empty();
        }
        List<String> sensitiveTouched = new ArrayList<>();
        for (Target target : call.targets()) {
            if (target.kind() == Target.Kind.PATH && sensitive.isSensitivePath(target.value())) {
                sensitiveTouched.add("this call's path " + target.value() + " is marked sensitive");
            } else if (target.kind() == Target.Kind.SQL_TABLE && sensitive.isSensitiveTable(target.value())) {
                sensitiveTouched.add("this call's table " + target.value() + " is marked sensitive");
            }
        }
        RunState state = stateOf(call.run());
        String untrusted;
        synchronized (state) {
            state.catchUp(call.run());
            if (state.untrusted.isEmpty() || state.findings.isEmpty() && sensitiveTouched.isEmpty()) {
                return Optional.empty();
            }
            untrusted = String.join(", ", state.untrusted);
            sensitiveTouched.addAll(0, state.findings);
        }
        return Optional.of(Decision.requireApproval(GuardRules.RULE_OF_TWO,
                "this run has read untrusted input (" + untrusted + "), has touched sensitive data ("
                        + String.join("; ", sensitiveTouched) + ") and " + call.tool() + " " + outward.get()
                        + ": all three together need a human"));
    }

    private static Optional<String> outward(ProposedCall call) {
        if (call.impact().isAbove(Impact.READ)) {
            return Optional.of("changes state (" + call.impact().label() + ")");
        }
        for (Target target : call.targets()) {
            if (target.kind() == Target.Kind.HTTP_HOST || target.kind() == Target.Kind.EMAIL_RECIPIENT) {
                return Optional.of("communicates outward (to " + target.value() + ")");
            }
        }
        for (OutboundContent.Part part : call.outbound().parts()) {
            // Every match holds "://": a text without it is not searched.
            if (part.text().contains("://") && URL_IN_TEXT.matcher(part.text()).find()) {
                return Optional.of("communicates outward (a URL in " + part.label() + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * What the rule knows of one run, brought up to date with the observations that are new at
     * each call, each read once: the untrusted sources read so far, in order, and which
     * observations touched sensitive data (read again, all of them, when secrets were registered
     * since). The observations are classified only once the run has read untrusted input: until
     * then the rule cannot fire whatever they hold, so a run that reads only trusted content never
     * has its results scanned for secrets here. Held per run (never across runs) and released when
     * the run ends. Guarded by its own monitor.
     */
    private final class RunState {
        final Set<String> untrusted = new LinkedHashSet<>();
        final List<String> findings = new ArrayList<>();
        /** Observations whose provenance has been read. */
        int seen;
        /** Observations, of the first {@link #seen}, whose sensitivity is in {@link #findings}. */
        int classified;
        Observation last;
        int secretCount = -1;

        void catchUp(RunContext run) {
            List<Observation> observations = run.observations();
            if (observations.size() < seen || seen > 0 && observations.get(seen - 1) != last) {
                untrusted.clear();
                findings.clear();
                seen = 0;
                classified = 0;
            }
            for (int i = seen; i < observations.size(); i++) {
                Observation o = observations.get(i);
                if (o.isOk() && o.provenance().isUntrusted()) {
                    untrusted.addAll(o.provenance().sources().isEmpty() ? List.of(o.call().tool()) : o.provenance().sources());
                }
            }
            seen = observations.size();
            last = seen == 0 ? null : observations.get(seen - 1);
            if (untrusted.isEmpty()) {
                return;
            }
            int count = detector.registry().size();
            if (count != secretCount) {
                // Secrets were added since: look again at everything read before.
                findings.clear();
                classified = 0;
                secretCount = count;
            }
            for (int i = classified; i < seen; i++) {
                sensitiveIn(observations.get(i)).ifPresent(findings::add);
            }
            classified = seen;
        }
    }

    /** Per-run state, by run; an entry goes when its run ends or, failing that, when the run is no longer referenced. */
    private final Map<RunContext, RunState> runs = new WeakHashMap<>();

    private RunState stateOf(RunContext run) {
        RunState state;
        synchronized (runs) {
            state = runs.get(run);
            if (state != null) {
                return state;
            }
            state = new RunState();
            runs.put(run, state);
        }
        run.onEnd(() -> {
            synchronized (runs) {
                runs.remove(run);
            }
        });
        return state;
    }

    private Optional<String> sensitiveIn(Observation o) {
        if (o.isOk() && (o.content().contains(SecretRedactor.SECRET_MARK) || o.content().contains(SecretRedactor.CANARY_MARK)
                || detector.containsSecret(o.content()))) {
            return Optional.of(o.call().tool() + " returned a protected secret");
        }
        if (!o.isOk() || sensitive.nothingMarked()) {
            return Optional.empty();
        }
        List<String> strings = new ArrayList<>();
        collectStrings(o.call().arguments(), strings);
        strings.addAll(o.provenance().sources());
        for (String s : strings) {
            if (sensitive.marksPaths() && (sensitive.isSensitivePath(withoutScheme(s)) || sensitive.isSensitivePath(s))) {
                return Optional.of(o.call().tool() + " read " + s + ", marked sensitive");
            }
            List<String> tables = sensitive.tablesIn(s);
            if (!tables.isEmpty()) {
                return Optional.of(o.call().tool() + " used table " + String.join(", ", tables) + ", marked sensitive");
            }
        }
        return Optional.empty();
    }

    /** {@code s} without a leading scheme such as {@code file:} or {@code https://} (the regex {@code ^[a-z]+:(//)?}). */
    static String withoutScheme(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) >= 'a' && s.charAt(i) <= 'z') {
            i++;
        }
        if (i == 0 || i == s.length() || s.charAt(i) != ':') {
            return s;
        }
        return s.substring(s.startsWith("//", i + 1) ? i + 3 : i + 1);
    }

    private static void collectStrings(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isContainerNode()) {
            node.elements().forEachRemaining(child -> collectStrings(child, out));
        }
    }

    @Override
    public String name() {
        return "rule-of-two";
    }
}
