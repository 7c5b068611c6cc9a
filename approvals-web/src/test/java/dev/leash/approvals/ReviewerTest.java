package dev.leash.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reviewers prove who they are and decide only within their scope, never their own runs. */
class ReviewerTest {

    @Test
    void aPasswordIsKeptOnlyAsASaltedHashAndChecked() {
        String hash = Reviewer.hashPassword("correct horse");
        assertThat(hash).startsWith("pbkdf2-sha256$").doesNotContain("correct horse");
        assertThat(Reviewer.hashPassword("correct horse")).as("salted").isNotEqualTo(hash);
        Reviewer alice = Reviewer.withPasswordHash("alice", hash, List.of("*"), List.of());
        assertThat(alice.verify("correct horse")).isTrue();
        assertThat(alice.verify("correct horse ")).isFalse();
        assertThat(alice.verify("")).isFalse();
        assertThat(alice.verify(null)).isFalse();
    }

    @Test
    void aTokenIsLongAndKeptOnlyAsItsDigest() {
        assertThatThrownBy(() -> Reviewer.withToken("bob", "short", List.of("*"), List.of())).hasMessageContaining("16");
        Reviewer bob = Reviewer.withToken("bob", "bob-token-0123456789", List.of(), List.of("refunds"));
        assertThat(bob.secret()).doesNotContain("bob-token");
        assertThat(bob.verify("bob-token-0123456789")).isTrue();
        assertThat(bob.verify("bob-token-012345678")).isFalse();
        assertThat(bob.toString()).doesNotContain(bob.secret());
    }

    @Test
    void scopeIsByPrincipalOrAgentAndNeverTheReviewersOwnRuns() {
        Reviewer alice = Reviewer.withToken("alice@shop.example", "alice-token-0123456789", List.of("support@shop.example"),
                List.of("ops")).withIdentities(List.of("alice.admin@shop.example"));
        assertThat(alice.mayDecide("support@shop.example", "refunds")).isTrue();
        assertThat(alice.mayDecide("someone@shop.example", "ops")).isTrue();
        assertThat(alice.mayDecide("someone@shop.example", "refunds")).isFalse();
        Reviewer everyone = Reviewer.withToken("alice@shop.example", "alice-token-0123456789", List.of("*"), List.of("*"))
                .withIdentities(List.of("alice.admin@shop.example"));
        assertThat(everyone.mayDecide("ALICE@shop.example", "ops")).as("own principal").isFalse();
        assertThat(everyone.mayDecide("alice.admin@shop.example", "ops")).as("own identity").isFalse();
    }
}
