package dev.leash.guards;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.api.plan.Observation;
import dev.leash.guards.internal.PerObservation;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Policy;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.Target;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Rule of Two as it was before it kept per-run state: every observation of the run walked at
 * every call, asking {@link SensitiveDataByRegex} what is sensitive. Kept unchanged as the oracle
 * of {@link RuleOfTwoIndexTest}.
 */
final class RuleOfTwoByScan implements Policy {

    private static final Pattern URL_IN_TEXT = Pattern.compile("(?i)\\bhttps?://\\S+");

    private final LeakDetector detector;
    private final PerObservation<Sensitivity> sensitivity = new PerObservation<>(this::analyse);
    private final SensitiveDataByRegex sensitive;

    RuleOfTwoByScan(LeakDetector detector, SensitiveData sensitive) {
        this.detector = requireNonNull(detector, "detector is null");
        this.sensitive = new SensitiveDataByRegex(requireNonNull(sensitive, "sensitive is null"));
    }

    RuleOfTwoByScan(SecretRegistry secrets, SensitiveData sensitive) {
        this(new LeakDetector(secrets), sensitive);
    }

    @Override
    public Optional<Decision> evaluate(ProposedCall call) {
        Optional<String> outward = outward(call);
        if (outward.isEmpty()) {
            return Optional.empty();
        }
        Set<String> untrusted = new LinkedHashSet<>();
        List<Observation> observations = call.run().observations();
        for (Observation o : observations) {
            if (o.isOk() && o.provenance().isUntrusted()) {
                untrusted.addAll(o.provenance().sources().isEmpty() ? List.of(o.call().tool()) : o.provenance().sources());
            }
        }
        if (untrusted.isEmpty()) {
            return Optional.empty();
        }
        List<String> sensitiveTouched = new ArrayList<>();
        int secretCount = detector.registry().secrets().size();
        for (Observation o : observations) {
            Sensitivity known = sensitivity.of(o);
            if (known.secretCount() != secretCount) {
                // Secrets were added since: look again.
                known = new Sensitivity(secretCount, sensitiveIn(o));
            }
            known.finding().ifPresent(sensitiveTouched::add);
        }
        for (Target target : call.targets()) {
            if (target.kind() == Target.Kind.PATH && sensitive.isSensitivePath(target.value())) {
                sensitiveTouched.add("this call's path " + target.value() + " is marked sensitive");
            } else if (target.kind() == Target.Kind.SQL_TABLE && sensitive.isSensitiveTable(target.value())) {
                sensitiveTouched.add("this call's table " + target.value() + " is marked sensitive");
            }
        }
        if (sensitiveTouched.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Decision.requireApproval(GuardRules.RULE_OF_TWO,
                "this run has read untrusted input (" + String.join(", ", untrusted) + "), has touched sensitive data ("
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
            if (URL_IN_TEXT.matcher(part.text()).find()) {
                return Optional.of("communicates outward (a URL in " + part.label() + ")");
            }
        }
        return Optional.empty();
    }

    /** Whether an observation touched sensitive data, and with how many secrets registered. */
    private record Sensitivity(int secretCount, Optional<String> finding) {
    }

    private Sensitivity analyse(Observation o) {
        int secretCount = detector.registry().secrets().size();
        return new Sensitivity(secretCount, sensitiveIn(o));
    }

    private Optional<String> sensitiveIn(Observation o) {
        if (o.isOk() && (o.content().contains(SecretRedactor.SECRET_MARK) || o.content().contains(SecretRedactor.CANARY_MARK)
                || detector.containsSecret(o.content()))) {
            return Optional.of(o.call().tool() + " returned a protected secret");
        }
        if (!o.isOk()) {
            return Optional.empty();
        }
        List<String> strings = new ArrayList<>();
        collectStrings(o.call().arguments(), strings);
        strings.addAll(o.provenance().sources());
        for (String s : strings) {
            String path = SensitiveDataByRegex.withoutScheme(s);
            if (sensitive.isSensitivePath(path) || sensitive.isSensitivePath(s)) {
                return Optional.of(o.call().tool() + " read " + s + ", marked sensitive");
            }
            List<String> tables = sensitive.tablesIn(s);
            if (!tables.isEmpty()) {
                return Optional.of(o.call().tool() + " used table " + String.join(", ", tables) + ", marked sensitive");
            }
        }
        return Optional.empty();
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
