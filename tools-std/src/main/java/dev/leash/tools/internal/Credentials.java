package dev.leash.tools.internal;

import dev.leash.api.tool.Credential;
import dev.leash.api.tool.ToolContext;
import dev.leash.tools.ToolRefusedException;

/** Looks up the credential a call may use, failing closed when none is bound. Stateless. */
public final class Credentials {

    private Credentials() {
    }

    /**
     * The credential for {@code service} scoped to the call's impact.
     *
     * @throws ToolRefusedException when none is bound for that impact
     */
    public static Credential require(ToolContext context, String service, String tool) {
        return context.credential(service)
                .orElseThrow(() -> ToolRefusedException.missingCredential(tool, service, context.impact()));
    }
}
