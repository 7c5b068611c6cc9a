package dev.leash.core.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.tool.Arg;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Irreversible;
import dev.leash.api.tool.Read;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolDefinitionException;
import dev.leash.api.tool.ToolMethod;
import dev.leash.api.tool.Write;
import dev.leash.core.schema.ArgumentValidator;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnnotatedToolsTest {

    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    public static final class Billing {
        BigDecimal refunded;

        @ToolMethod(name = "issue_refund", description = "Refund an order", trustedResult = true)
        @Irreversible
        public String issueRefund(@Arg("order id") String order, @Arg("amount in EUR") BigDecimal amount,
                                  @Arg(value = "note for the customer", required = false) String note) {
            refunded = amount;
            return "refunded " + amount.toPlainString() + " on " + order;
        }

        @ToolMethod(name = "order_status", description = "Status of orders")
        @Read
        public List<String> orderStatus(@Arg("order ids") List<String> orders) {
            return orders.stream().map(o -> o + ": shipped").toList();
        }
    }

    public static final class Calendar {
        @ToolMethod(name = "send_invite", description = "Invite people to a meeting")
        @Irreversible
        public String invite(@Arg(value = "attendees", target = "email") List<String> attendees,
                             @Arg(value = "room booking page", target = "url") String room,
                             @Arg(value = "chat channel to announce in", target = "channel", required = false) String channel) {
            return "invited";
        }
    }

    public static final class BadKind {
        @ToolMethod(description = "Pays")
        @Irreversible
        public void pay(@Arg(value = "payee", target = "Pay Ee") String payee) {
        }
    }

    public static final class NoImpact {
        @ToolMethod(description = "Deletes the customer")
        public void deleteCustomer(@Arg("id") String id) {
        }
    }

    public static final class TwoImpacts {
        @ToolMethod(description = "Confused")
        @Read
        @Write
        public void confused() {
        }
    }

    public static final class Undescribed {
        @ToolMethod(description = "x")
        @Read
        public void lookup(String id) {
        }
    }

    @Test
    void schemaIsDerivedFromTheMethod() {
        Tool refund = AnnotatedTools.from(new Billing()).get(0);

        assertThat(refund.spec().name()).isEqualTo("issue_refund");
        assertThat(refund.spec().impact()).isEqualTo(Impact.IRREVERSIBLE);
        ObjectNode schema = refund.spec().parameters();
        assertThat(schema.at("/properties/amount/type").asText()).isEqualTo("number");
        assertThat(schema.at("/properties/amount/description").asText()).isEqualTo("amount in EUR");
        assertThat(schema.at("/properties/order/type").asText()).isEqualTo("string");
        assertThat(schema.get("required").toString()).isEqualTo("[\"order\",\"amount\"]");
        assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
    }

    @Test
    void methodRunsWithConvertedArgumentsKeepingDecimalsExact() throws Exception {
        Billing billing = new Billing();
        Tool refund = AnnotatedTools.from(billing).get(0);
        ObjectNode args = (ObjectNode) JSON.readTree("{\"order\":\"A-1\",\"amount\":0.10}");

        assertThat(new ArgumentValidator().validate(refund.spec(), args)).isEmpty();
        assertThat(refund.execute(ToolCall.of("issue_refund", args), null).content()).isEqualTo("refunded 0.10 on A-1");
        assertThat(billing.refunded).isEqualByComparingTo("0.10");
    }

    @Test
    void resultsAreUntrustedUnlessTheMethodDeclaresThemTrusted() throws Exception {
        Tool refund = AnnotatedTools.from(new Billing()).get(0);
        ObjectNode args = (ObjectNode) JSON.readTree("{\"order\":\"A-1\",\"amount\":1}");
        assertThat(refund.execute(ToolCall.of("issue_refund", args), null).provenance().isUntrusted()).isFalse();

        Tool invite = AnnotatedTools.from(new Calendar()).get(0);
        ObjectNode inviteArgs = (ObjectNode) JSON.readTree("{\"attendees\":[\"a@corp.example\"],\"room\":\"https://rooms.corp.example/r1\"}");
        var result = invite.execute(ToolCall.of("send_invite", inviteArgs), null);
        assertThat(result.provenance().isUntrusted()).isTrue();
        assertThat(result.provenance().sources()).containsExactly("tool:send_invite");
    }

    @Test
    void argumentsDeclaredAsTargetsAreTheCallsTargets() throws Exception {
        Tool invite = AnnotatedTools.from(new Calendar()).get(0);
        ObjectNode args = (ObjectNode) JSON.readTree("{\"attendees\":[\"Kim <Kim@Corp.example>\", \"x@evil.example, y@evil.example\"],"
                + "\"room\":\"https://Rooms.corp.example/r1?x=1\",\"channel\":\"#general\"}");

        assertThat(invite.spec().targets()).containsExactly(Map.entry("attendees", "email"), Map.entry("room", "url"),
                Map.entry("channel", "channel"));
        assertThat(invite.targets(ToolCall.of("send_invite", args))).containsExactly(
                Target.recipient("kim@corp.example"), Target.recipient("x@evil.example"), Target.recipient("y@evil.example"),
                Target.host("rooms.corp.example"), Target.of("channel", "#general"));
    }

    @Test
    void aTargetKindThatIsNotANameIsRefusedAtRegistration() {
        assertThatThrownBy(() -> AnnotatedTools.from(new BadKind()))
                .isInstanceOf(ToolDefinitionException.class)
                .hasMessageContaining("target kind 'Pay Ee'");
    }

    @Test
    void untrustedResultsAreMarked() throws Exception {
        Tool status = AnnotatedTools.from(new Billing()).get(1);
        ObjectNode args = (ObjectNode) JSON.readTree("{\"orders\":[\"A-1\"]}");

        var result = status.execute(ToolCall.of("order_status", args), null);

        assertThat(result.content()).isEqualTo("[\"A-1: shipped\"]");
        assertThat(result.provenance().isUntrusted()).isTrue();
    }

    @Test
    void methodWithoutImpactAnnotationIsRefusedNamingIt() {
        assertThatThrownBy(() -> AnnotatedTools.from(new NoImpact()))
                .isInstanceOf(ToolDefinitionException.class)
                .hasMessageContaining("'deleteCustomer' declares no impact");
    }

    @Test
    void methodWithSeveralImpactsIsRefused() {
        assertThatThrownBy(() -> AnnotatedTools.from(new TwoImpacts()))
                .hasMessageContaining("declares several impacts");
    }

    @Test
    void parameterWithoutDescriptionIsRefused() {
        assertThatThrownBy(() -> AnnotatedTools.from(new Undescribed()))
                .hasMessageContaining("needs an @Arg description");
    }
}
