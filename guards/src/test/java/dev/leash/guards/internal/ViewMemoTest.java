package dev.leash.guards.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-thread memo of decoded views answers as {@link Views#of} does, and holds little. */
class ViewMemoTest {

    private static final String PROSE = "We shipped the release and the incident review is booked for Thursday. ".repeat(30);

    @AfterEach
    void forget() {
        ViewMemo.clear();
    }

    @Test
    void givesTheViewsOfTheText() {
        String base64 = Base64.getEncoder().encodeToString(("code QS-7731-ALPHA").getBytes(StandardCharsets.UTF_8));
        for (String text : List.of(PROSE, "payload=" + base64, "a%20b%2Dc &#115; \\u0073", "plain")) {
            assertThat(ViewMemo.of(text)).as(text).isEqualTo(Views.of(text));
            assertThat(ViewMemo.of(text)).as("again: " + text).isEqualTo(Views.of(text));
        }
        assertThat(ViewMemo.of("")).isEmpty();
        assertThat(ViewMemo.of(null)).isEmpty();
    }

    @Test
    void anEqualTextReadAgainOnTheSameThreadIsNotDecodedAgain() {
        List<Views.View> first = ViewMemo.of(PROSE);

        List<Views.View> second = ViewMemo.of(new String(PROSE.toCharArray())); // equal, not the same string

        assertThat(second).isSameAs(first);
    }

    @Test
    void remembersOnlyTheLastFewTexts() {
        List<Views.View> oldest = ViewMemo.of("text 0 " + PROSE);
        for (int i = 1; i <= ViewMemo.MAX_ENTRIES; i++) {
            ViewMemo.of("text " + i + " " + PROSE);
        }

        assertThat(ViewMemo.size()).isEqualTo(ViewMemo.MAX_ENTRIES);
        List<Views.View> again = ViewMemo.of("text 0 " + PROSE);
        assertThat(again).isNotSameAs(oldest).isEqualTo(oldest);
    }

    @Test
    void aTextTooBigToKeepIsHandedOverToTheReadersOfOneCallThenForgotten() {
        String huge = ". ".repeat(ViewMemo.MAX_CHARS / 2 + 1); // over the cap by itself
        List<Views.View> decoded = ViewMemo.of(huge);

        assertThat(ViewMemo.of(huge)).as("the leak guard's reading").isSameAs(decoded);
        assertThat(ViewMemo.size()).isEqualTo(1);
        assertThat(ViewMemo.of(huge)).as("the escalation guard's reading").isSameAs(decoded);
        assertThat(ViewMemo.size()).isZero();
        assertThat(ViewMemo.of(huge)).isNotSameAs(decoded).isEqualTo(decoded);
    }

    @Test
    void aBigTextStaysForItsReadersWhileShortTextsAreDecoded() {
        String big = ". ".repeat(ViewMemo.MAX_CHARS / 2 + 1);
        ViewMemo.of("small " + PROSE);
        List<Views.View> decoded = ViewMemo.of(big);

        ViewMemo.of("a decision's reason");
        ViewMemo.of("another reason");

        assertThat(ViewMemo.size()).isEqualTo(2);
        assertThat(ViewMemo.of(big)).as("the leak guard's reading").isSameAs(decoded);
        assertThat(ViewMemo.of(big)).as("the escalation guard's reading").isSameAs(decoded);
        assertThat(ViewMemo.size()).isEqualTo(1);
    }

    @Test
    void aBigTextGoesWhenTheNextBigTextIsDecoded() {
        String big = ". ".repeat(ViewMemo.MAX_CHARS / 2 + 1);
        ViewMemo.of("small " + PROSE);
        List<Views.View> decoded = ViewMemo.of(big);

        ViewMemo.of("next " + big);

        assertThat(ViewMemo.size()).isEqualTo(1);
        assertThat(ViewMemo.of(big)).isNotSameAs(decoded).isEqualTo(decoded);
    }

    @Test
    void eachThreadHasItsOwnMemo() throws Exception {
        List<Views.View> here = ViewMemo.of(PROSE);

        List<Views.View> there = CompletableFuture.supplyAsync(() -> ViewMemo.of(PROSE)).get();

        assertThat(there).isNotSameAs(here).isEqualTo(here);
    }
}
