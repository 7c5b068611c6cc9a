package dev.leash.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import dev.leash.api.tool.CredentialProvider;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolSpec;
import dev.leash.tools.file.FileToolsModule;
import dev.leash.tools.http.HttpToolsModule;
import dev.leash.tools.mail.MailToolsModule;
import dev.leash.tools.sql.SqlToolsModule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StandardToolsTest {

    /** DESIGN, "Standard tools": name -> impact and arguments (required ones; note is optional). */
    private static final Map<String, Object[]> CONTRACT = new LinkedHashMap<>();

    static {
        CONTRACT.put("list_files", new Object[] {Impact.READ, List.of("path")});
        CONTRACT.put("read_file", new Object[] {Impact.READ, List.of("path")});
        CONTRACT.put("write_file", new Object[] {Impact.WRITE, List.of("path", "content")});
        CONTRACT.put("delete_file", new Object[] {Impact.IRREVERSIBLE, List.of("path")});
        CONTRACT.put("http_get", new Object[] {Impact.READ, List.of("url")});
        CONTRACT.put("http_post", new Object[] {Impact.WRITE, List.of("url", "body")});
        CONTRACT.put("read_inbox", new Object[] {Impact.READ, List.of()});
        CONTRACT.put("read_email", new Object[] {Impact.READ, List.of("id")});
        CONTRACT.put("draft_email", new Object[] {Impact.WRITE, List.of("to", "subject", "body")});
        CONTRACT.put("send_email", new Object[] {Impact.IRREVERSIBLE, List.of("to", "subject", "body")});
        CONTRACT.put("forward_email", new Object[] {Impact.IRREVERSIBLE, List.of("id", "to")});
        CONTRACT.put("sql_query", new Object[] {Impact.IRREVERSIBLE, List.of("sql")});
    }

    private static List<String> required(ToolSpec spec) {
        List<String> names = new ArrayList<>();
        JsonNode required = spec.parameters().get("required");
        if (required != null) {
            required.forEach(n -> names.add(n.asText()));
        }
        return names;
    }

    private static List<String> properties(ToolSpec spec) {
        List<String> names = new ArrayList<>();
        spec.parameters().get("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void buildsTheTwelveContractToolsWithTheirArgumentsAndImpacts() {
        List<Tool> tools = StandardTools.all(StandardTools.Config.forListing());

        assertThat(tools).extracting(t -> t.spec().name()).containsExactlyElementsOf(StandardTools.NAMES)
                .containsExactlyElementsOf(CONTRACT.keySet());
        for (Tool tool : tools) {
            ToolSpec spec = tool.spec();
            Object[] expected = CONTRACT.get(spec.name());
            assertThat(spec.impact()).as(spec.name()).isEqualTo(expected[0]);
            assertThat(required(spec)).as(spec.name()).isEqualTo(expected[1]);
            assertThat(spec.parameters().get("additionalProperties").asBoolean(true)).as(spec.name()).isFalse();
            assertThat(spec.description()).as(spec.name()).isNotBlank();
        }
        Tool forward = tools.get(StandardTools.NAMES.indexOf("forward_email"));
        assertThat(properties(forward.spec())).containsExactly("id", "to", "note");
    }

    @Test
    void onlySqlIsOfferedBelowItsDeclaredImpact() {
        for (Tool tool : StandardTools.all(StandardTools.Config.forListing())) {
            Impact expected = tool.spec().name().equals("sql_query") ? Impact.READ : tool.spec().impact();
            assertThat(tool.lowestImpact()).as(tool.spec().name()).isEqualTo(expected);
        }
    }

    @Test
    void theGuiceModulesBindAllTwelveToolsIntoTheToolMultibinder() {
        StandardTools.Config config = StandardTools.Config.forListing();
        Injector injector = Guice.createInjector(Stage.PRODUCTION,
                new FileToolsModule(config.files()),
                new HttpToolsModule(config.http()),
                new MailToolsModule(config.mail(), CredentialProvider.none()),
                new SqlToolsModule(config.sql()));

        Set<Tool> tools = injector.getInstance(Key.get(new TypeLiteral<Set<Tool>>() { }));

        assertThat(tools).extracting(t -> t.spec().name()).containsExactlyInAnyOrderElementsOf(StandardTools.NAMES);
    }
}
