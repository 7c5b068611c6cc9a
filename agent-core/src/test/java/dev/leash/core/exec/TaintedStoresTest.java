package dev.leash.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.tool.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaintedStoresTest {

    @TempDir
    Path dir;

    private static final List<String> PAGE = List.of("https://wiki.example.com/page");

    @Test
    void aPathIsTaintedWithTheFoldersAboveItAndThePathsUnderItOnly() {
        TaintedStores stores = TaintedStores.inMemory();
        stores.taint(List.of(Target.path("./config//notes/")), "r1", PAGE);

        assertThat(stores.taintOf(List.of(Target.path("config/notes")))).isPresent();
        assertThat(stores.taintOf(List.of(Target.path("config/notes/a.md")))).isPresent();
        assertThat(stores.taintOf(List.of(Target.path("config")))).isPresent();
        assertThat(stores.taintOf(List.of(Target.path(".")))).isPresent();
        assertThat(stores.taintOf(List.of(Target.path("config/notes.md")))).isEmpty();
        assertThat(stores.taintOf(List.of(Target.path("config/notesx")))).isEmpty();
        assertThat(stores.taintOf(List.of(Target.path("other")))).isEmpty();
    }

    @Test
    void tablesHostsAndCustomTargetsMatchByName() {
        TaintedStores stores = TaintedStores.inMemory();
        stores.taint(List.of(Target.table("PUBLIC.\"Notes\""), Target.host("Status.Example.com."), Target.of("channel", "#Ops")),
                "r1", PAGE);

        assertThat(stores.taintOf(List.of(Target.table("notes")))).isPresent();
        assertThat(stores.taintOf(List.of(Target.host("status.example.com")))).isPresent();
        assertThat(stores.taintOf(List.of(Target.of("channel", "#ops")))).isPresent();
        assertThat(stores.taintOf(List.of(Target.table("notes_archive")))).isEmpty();
        assertThat(stores.taintOf(List.of(Target.host("www.example.com")))).isEmpty();
        assertThat(stores.taintOf(List.of(Target.of("payee", "#ops")))).isEmpty();
    }

    @Test
    void theMarkNamesTheStoreTheRunAndWhatItHadRead() {
        TaintedStores stores = TaintedStores.inMemory();
        stores.taint(List.of(Target.path("config/notes.md")), "r1", PAGE);

        assertThat(stores.taintOf(List.of(Target.path("config/notes.md"))).orElseThrow().describe())
                .isEqualTo("path config/notes.md, written by run r1 after it read untrusted content");
    }

    @Test
    void recipientsAreNotStores() {
        TaintedStores stores = TaintedStores.inMemory();
        stores.taint(List.of(Target.recipient("alex@example.com")), "r1", PAGE);

        assertThat(stores.isEmpty()).isTrue();
    }

    @Test
    void marksOnDiskAreReadBackAfterARestartWithTheirSources() throws Exception {
        Path file = dir.resolve("state/tainted.tsv");
        TaintedStores.file(file).taint(List.of(Target.path("config/a\tb.md"), Target.table("notes")), "r1",
                List.of("https://wiki.example.com/page", "mail m1 from x@y.example"));

        TaintedStores again = TaintedStores.file(file);

        assertThat(again.taintOf(List.of(Target.path("config/a\tb.md"))).orElseThrow().sources())
                .containsExactly("https://wiki.example.com/page", "mail m1 from x@y.example");
        assertThat(again.taintOf(List.of(Target.table("notes")))).isPresent();
        assertThat(again.taintOf(List.of(Target.path("config/base.md")))).isEmpty();
        assertThat(Files.readAllLines(file)).hasSize(2);
    }

    @Test
    void aFileThatCannotBeReadTaintsEveryStore() throws Exception {
        Path file = dir.resolve("tainted.tsv");
        Files.writeString(file, "path\tconfig/a.md\tr1\t\ngarbage without fields\n");

        TaintedStores stores = TaintedStores.file(file);

        assertThat(stores.taintOf(List.of(Target.path("config/base.md")))).isPresent();
        assertThat(stores.taintOf(List.of(Target.table("orders")))).isPresent();
    }

    @Test
    void aMissingFileTaintsNothing() {
        TaintedStores stores = TaintedStores.file(dir.resolve("none.tsv"));

        assertThat(stores.isEmpty()).isTrue();
        assertThat(stores.taintOf(List.of(Target.path("config/base.md")))).isEmpty();
    }
}
