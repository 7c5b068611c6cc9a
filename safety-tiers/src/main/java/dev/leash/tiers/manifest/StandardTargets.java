package dev.leash.tiers.manifest;

import dev.leash.api.tool.Target;
import java.util.Map;
import java.util.Set;

/**
 * The kinds of target each standard tool reports (part of the standard tools' contract), so the
 * manifest can name the allowlists that apply to it. Other tools report their targets per call;
 * the manifest cannot know them in advance and lists none.
 */
public final class StandardTargets {

    private static final Map<String, Set<Target.Kind>> KINDS = Map.ofEntries(
            Map.entry("list_files", Set.of(Target.Kind.PATH)),
            Map.entry("read_file", Set.of(Target.Kind.PATH)),
            Map.entry("write_file", Set.of(Target.Kind.PATH)),
            Map.entry("delete_file", Set.of(Target.Kind.PATH)),
            Map.entry("http_get", Set.of(Target.Kind.HTTP_HOST)),
            Map.entry("http_post", Set.of(Target.Kind.HTTP_HOST)),
            Map.entry("draft_email", Set.of(Target.Kind.EMAIL_RECIPIENT)),
            Map.entry("send_email", Set.of(Target.Kind.EMAIL_RECIPIENT)),
            Map.entry("forward_email", Set.of(Target.Kind.EMAIL_RECIPIENT)),
            Map.entry("sql_query", Set.of(Target.Kind.SQL_TABLE)));

    private StandardTargets() {
    }

    /** The target kinds of a standard tool; empty for any other name. */
    public static Set<Target.Kind> kindsOf(String tool) {
        return KINDS.getOrDefault(tool, Set.of());
    }
}
