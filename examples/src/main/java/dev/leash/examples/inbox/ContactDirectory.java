package dev.leash.examples.inbox;

import dev.leash.api.tool.Arg;
import dev.leash.api.tool.Read;
import dev.leash.api.tool.ToolMethod;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The inbox agent's own tool: a company directory to look people up by name, so the agent
 * addresses mail to the right person instead of guessing. READ: it only looks. Immutable and
 * thread-safe.
 */
public final class ContactDirectory {

    /**
     * A directory entry.
     *
     * @param name full name
     * @param address mail address
     * @param role what they do
     */
    public record Contact(String name, String address, String role) {
    }

    private final List<Contact> contacts;

    public ContactDirectory(List<Contact> contacts) {
        this.contacts = List.copyOf(contacts);
    }

    /** The demo directory of Northwind. */
    public static ContactDirectory demo() {
        return new ContactDirectory(List.of(
                new Contact("Alex Morgan", "alex@northwind.example", "account manager"),
                new Contact("Dana Whitfield", "dana@northwind.example", "head of finance"),
                new Contact("Priya Natarajan", "priya@northwind.example", "support lead"),
                new Contact("Li Chen", "li@customer.example", "customer (Chen Logistics)")));
    }

    @ToolMethod(name = "lookup_contact", description = "Find people in the company directory by (part of) their name", trustedResult = true)
    @Read
    public String lookupContact(@Arg("name or part of it, e.g. Dana") String name) {
        String needle = name.strip().toLowerCase(Locale.ROOT);
        List<Contact> found = contacts.stream()
                .filter(c -> !needle.isEmpty() && c.name().toLowerCase(Locale.ROOT).contains(needle))
                .toList();
        if (found.isEmpty()) {
            return "nobody called '" + name + "' in the directory";
        }
        return found.stream().map(c -> c.name() + " <" + c.address() + ">, " + c.role()).collect(Collectors.joining("\n"));
    }

    /** The entries, by address. */
    public Map<String, Contact> byAddress() {
        return contacts.stream().collect(Collectors.toUnmodifiableMap(Contact::address, c -> c));
    }
}
