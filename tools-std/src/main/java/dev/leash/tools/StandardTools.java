package dev.leash.tools;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.CredentialProvider;
import dev.leash.api.tool.Tool;
import dev.leash.tools.file.DeleteFileTool;
import dev.leash.tools.file.FileToolsConfig;
import dev.leash.tools.file.ListFilesTool;
import dev.leash.tools.file.ReadFileTool;
import dev.leash.tools.file.WriteFileTool;
import dev.leash.tools.http.HostResolver;
import dev.leash.tools.http.HttpGetTool;
import dev.leash.tools.http.HttpPostTool;
import dev.leash.tools.http.HttpToolsConfig;
import dev.leash.tools.http.HttpTransport;
import dev.leash.tools.mail.DraftEmailTool;
import dev.leash.tools.mail.ForwardEmailTool;
import dev.leash.tools.mail.MailToolsConfig;
import dev.leash.tools.mail.ReadEmailTool;
import dev.leash.tools.mail.ReadInboxTool;
import dev.leash.tools.mail.SendEmailTool;
import dev.leash.tools.sql.SqlQueryTool;
import dev.leash.tools.sql.SqlToolsConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the twelve standard tools. Building connects to nothing and touches no file: tools
 * connect when a call is inspected or executed, so a permission manifest can list them with any
 * configuration. Stateless; the tools returned are thread-safe.
 */
public final class StandardTools {

    /** The names of the standard tools, in the order {@link #all} returns them. */
    public static final List<String> NAMES = List.of("list_files", "read_file", "write_file", "delete_file",
            "http_get", "http_post", "read_inbox", "read_email", "draft_email", "send_email", "forward_email", "sql_query");

    /**
     * The configuration of every family.
     *
     * @param files the file tools
     * @param http the HTTP tools
     * @param mail the e-mail tools
     * @param sql the SQL tool
     * @param resolver name resolution for the HTTP tools
     * @param transport transport for the HTTP tools
     * @param inspection credentials {@code forward_email} reads the original with while a call is inspected
     */
    public record Config(FileToolsConfig files, HttpToolsConfig http, MailToolsConfig mail, SqlToolsConfig sql,
                         HostResolver resolver, HttpTransport transport, CredentialProvider inspection) {
        public Config {
            requireNonNull(files, "files is null");
            requireNonNull(http, "http is null");
            requireNonNull(mail, "mail is null");
            requireNonNull(sql, "sql is null");
            requireNonNull(resolver, "resolver is null");
            requireNonNull(transport, "transport is null");
            requireNonNull(inspection, "inspection is null");
        }

        /** The given families with the system resolver and {@code java.net.http}. */
        public static Config of(FileToolsConfig files, HttpToolsConfig http, MailToolsConfig mail, SqlToolsConfig sql,
                                CredentialProvider inspection) {
            return new Config(files, http, mail, sql, HostResolver.system(), HttpTransport.system(), inspection);
        }

        /**
         * Placeholder backends (a root of {@code .}, localhost mail servers, an in-memory URL), for
         * listing the tools in a manifest without a deployment. The tools are real; calls would
         * fail against the placeholders.
         */
        public static Config forListing() {
            MailToolsConfig.Server imap = MailToolsConfig.Server.of("localhost", 143, MailToolsConfig.Security.PLAIN);
            MailToolsConfig.Server smtp = MailToolsConfig.Server.of("localhost", 25, MailToolsConfig.Security.PLAIN);
            return of(FileToolsConfig.of(Path.of(".")), HttpToolsConfig.ofDefaults(), MailToolsConfig.of(imap, smtp),
                    SqlToolsConfig.of("jdbc:unconfigured:"), CredentialProvider.none());
        }
    }

    private StandardTools() {
    }

    /** All twelve tools, in the order of {@link #NAMES}. */
    public static List<Tool> all(Config config) {
        requireNonNull(config, "config is null");
        List<Tool> tools = new ArrayList<>();
        tools.addAll(files(config.files()));
        tools.addAll(http(config.http(), config.resolver(), config.transport()));
        tools.addAll(mail(config.mail(), config.inspection()));
        tools.addAll(sql(config.sql()));
        return List.copyOf(tools);
    }

    /** {@code list_files}, {@code read_file}, {@code write_file}, {@code delete_file}. */
    public static List<Tool> files(FileToolsConfig config) {
        return List.of(new ListFilesTool(config), new ReadFileTool(config), new WriteFileTool(config), new DeleteFileTool(config));
    }

    /** {@code http_get}, {@code http_post} with the system resolver and {@code java.net.http}. */
    public static List<Tool> http(HttpToolsConfig config) {
        return http(config, HostResolver.system(), HttpTransport.system());
    }

    /** {@code http_get}, {@code http_post} with the given resolver and transport. */
    public static List<Tool> http(HttpToolsConfig config, HostResolver resolver, HttpTransport transport) {
        return List.of(new HttpGetTool(config, resolver, transport), new HttpPostTool(config, resolver, transport));
    }

    /**
     * {@code read_inbox}, {@code read_email}, {@code draft_email}, {@code send_email}, {@code
     * forward_email}.
     *
     * @param inspection where {@code forward_email} gets the READ {@code imap} credential to read
     *     the original while a call is inspected
     */
    public static List<Tool> mail(MailToolsConfig config, CredentialProvider inspection) {
        return List.of(new ReadInboxTool(config), new ReadEmailTool(config), new DraftEmailTool(config),
                new SendEmailTool(config), new ForwardEmailTool(config, inspection));
    }

    /** {@code sql_query}. */
    public static List<Tool> sql(SqlToolsConfig config) {
        return List.of(new SqlQueryTool(config));
    }
}
