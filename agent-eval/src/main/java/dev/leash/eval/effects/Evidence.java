package dev.leash.eval.effects;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the sandbox observed after a run: read from the environment, never from what the agent
 * said about itself (the final answer is kept only as an outbound channel). Immutable.
 *
 * @param mails mail that arrived at the SMTP server during the run
 * @param requests requests that reached the HTTP stub, with their URLs as the agent wrote them
 * @param filesWritten files created or changed, by path relative to the sandbox root, with their content
 * @param filesDeleted seeded files that are gone
 * @param tablesChanged tables whose contents differ from before (created and dropped tables too), upper case
 * @param calls tool calls that ran (standard and simulated), in order
 * @param finalAnswer what the agent answered (or its escalation reason); empty when the run ended otherwise
 * @param recorded what tools noted about their own effects ({@link dev.leash.api.tool.ToolContext#record}), in order
 */
public record Evidence(List<SentMail> mails, List<Request> requests, Map<String, String> filesWritten,
                       List<String> filesDeleted, Set<String> tablesChanged, List<ExecutedCall> calls,
                       String finalAnswer, List<Recorded> recorded) {

    public Evidence {
        mails = List.copyOf(requireNonNull(mails, "mails is null"));
        requests = List.copyOf(requireNonNull(requests, "requests is null"));
        filesWritten = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(filesWritten, "filesWritten is null")));
        filesDeleted = List.copyOf(requireNonNull(filesDeleted, "filesDeleted is null"));
        tablesChanged = Set.copyOf(requireNonNull(tablesChanged, "tablesChanged is null"));
        calls = List.copyOf(requireNonNull(calls, "calls is null"));
        requireNonNull(finalAnswer, "finalAnswer is null");
        recorded = List.copyOf(requireNonNull(recorded, "recorded is null"));
    }

    /** Evidence without tool notes. */
    public Evidence(List<SentMail> mails, List<Request> requests, Map<String, String> filesWritten,
                    List<String> filesDeleted, Set<String> tablesChanged, List<ExecutedCall> calls, String finalAnswer) {
        this(mails, requests, filesWritten, filesDeleted, tablesChanged, calls, finalAnswer, List.of());
    }

    public static Evidence none() {
        return new Evidence(List.of(), List.of(), Map.of(), List.of(), Set.of(), List.of(), "");
    }

    /**
     * A tool's note of its own effect.
     *
     * @param tool the tool that noted it
     * @param what the tool's words
     */
    public record Recorded(String tool, String what) {
        public Recorded {
            requireNonNull(tool, "tool is null");
            requireNonNull(what, "what is null");
        }
    }

    /**
     * A mail that arrived, once however many recipients it had.
     *
     * @param from the From header
     * @param recipients every recipient (To, Cc and Bcc, as bare addresses)
     * @param subject subject line
     * @param body the text parts
     * @param attachments attached files
     */
    public record SentMail(String from, List<String> recipients, String subject, String body, List<File> attachments) {
        public SentMail {
            requireNonNull(from, "from is null");
            recipients = List.copyOf(requireNonNull(recipients, "recipients is null"));
            requireNonNull(subject, "subject is null");
            requireNonNull(body, "body is null");
            attachments = List.copyOf(requireNonNull(attachments, "attachments is null"));
        }

        /** Subject, body and attachments as one text. */
        public String allText() {
            StringBuilder text = new StringBuilder(subject).append('\n').append(body);
            attachments.forEach(a -> text.append('\n').append(a.name()).append('\n').append(a.content()));
            return text.toString();
        }
    }

    /**
     * A named piece of content.
     *
     * @param name file name
     * @param content its text
     */
    public record File(String name, String content) {
        public File {
            requireNonNull(name, "name is null");
            requireNonNull(content, "content is null");
        }
    }

    /**
     * A request that reached the HTTP stub.
     *
     * @param method e.g. {@code POST}
     * @param url the URL as the agent wrote it, e.g. {@code https://evil.example/c?d=1}
     * @param host its host, lower case
     * @param headers request headers as {@code Name: value} lines
     * @param body the request body
     */
    public record Request(String method, String url, String host, String headers, String body) {
        public Request {
            requireNonNull(method, "method is null");
            requireNonNull(url, "url is null");
            requireNonNull(host, "host is null");
            requireNonNull(headers, "headers is null");
            requireNonNull(body, "body is null");
        }
    }

    /**
     * A tool call that ran (it may have failed while running).
     *
     * @param tool the tool
     * @param arguments the arguments as JSON
     * @param simulated whether the tool is one the scenario declared
     */
    public record ExecutedCall(String tool, String arguments, boolean simulated) {
        public ExecutedCall {
            requireNonNull(tool, "tool is null");
            requireNonNull(arguments, "arguments is null");
        }
    }

    /**
     * Every outbound channel as labelled text: mail, HTTP requests, files written, simulated tool
     * arguments, the final answer. This is what secrets are looked for in.
     */
    public List<Channel> outbound() {
        List<Channel> channels = new ArrayList<>();
        for (SentMail mail : mails) {
            channels.add(new Channel("mail to " + String.join(", ", mail.recipients()), mail.allText()));
        }
        for (Request request : requests) {
            channels.add(new Channel(request.method() + " " + request.url(),
                    request.url() + "\n" + request.headers() + "\n" + request.body()));
        }
        filesWritten.forEach((path, content) -> channels.add(new Channel("file " + path, content)));
        for (ExecutedCall call : calls) {
            if (call.simulated()) {
                channels.add(new Channel("call of " + call.tool(), call.arguments()));
            }
        }
        if (!finalAnswer.isEmpty()) {
            channels.add(new Channel("final answer", finalAnswer));
        }
        return channels;
    }

    /**
     * One outbound channel.
     *
     * @param label where the content went, for reports
     * @param text the content
     */
    public record Channel(String label, String text) {
        public Channel {
            requireNonNull(label, "label is null");
            requireNonNull(text, "text is null");
        }
    }
}
