package dev.leash.integration.spring.boot;

import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.approval.ApprovalRequest;
import dev.leash.api.approval.ApprovalResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** An ordinary Spring AI application: a tool bean and a reviewer; the starter does the rest. */
@SpringBootConfiguration
@EnableAutoConfiguration
class StarterTestApp {

    @Bean
    Mailroom mailroom() {
        return new Mailroom();
    }

    @Bean
    RecordingReviewer reviewer() {
        return new RecordingReviewer();
    }

    /** Approves every request, keeping what it was asked. */
    static final class RecordingReviewer implements ApprovalGate {
        final List<ApprovalRequest> asked = new CopyOnWriteArrayList<>();

        @Override
        public ApprovalResult review(ApprovalRequest request) {
            asked.add(request);
            return ApprovalResult.approved("reviewer@example.com", request);
        }
    }
}
