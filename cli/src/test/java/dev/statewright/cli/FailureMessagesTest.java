package dev.statewright.cli;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.FileAlreadyExistsException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureMessagesTest {
    @Test
    void aFailureWithoutMessageIsNamedByItsType() {
        assertThat(FailureMessages.oneLine(new NullPointerException())).isEqualTo("NullPointerException");
        assertThat(FailureMessages.oneLine(new IllegalStateException(null, new IllegalArgumentException("port out of range"))))
                .isEqualTo("port out of range");
    }

    @Test
    void wrappersMadeFromTheirCauseAddNothing() {
        RuntimeException undertow = new RuntimeException(new BindException("Address already in use"));
        assertThat(FailureMessages.oneLine(new IllegalStateException("Cannot listen on 127.0.0.1:8083", undertow)))
                .isEqualTo("Cannot listen on 127.0.0.1:8083: Address already in use");
        assertThat(FailureMessages.oneLine(new CompletionException(new IllegalArgumentException("bad"))))
                .isEqualTo("bad");
    }

    @Test
    void fileProblemsSayWhatIsWrongWithTheFile() {
        UncheckedIOException store = new UncheckedIOException("Cannot create the data directory data",
                new FileAlreadyExistsException("data"));
        assertThat(FailureMessages.oneLine(store))
                .isEqualTo("Cannot create the data directory data: data: a file of that name is in the way");
    }

    @Test
    void messagesOnSeveralLinesBecomeOne() {
        assertThat(FailureMessages.oneLine(new IllegalArgumentException("not JSON: Unrecognized token\n at [Source: x; line: 1]")))
                .isEqualTo("not JSON: Unrecognized token at [Source: x; line: 1]");
    }
}
