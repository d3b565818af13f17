package dev.graphlaunch.gateway.triggers.webhook.catchup;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class LinkHeaderTest {

    @Test
    void nextIsFoundWhereverGitHubPutsIt() {
        String header = "<https://api.github.com/repositories/1300192/actions/runs?page=1>; rel=\"prev\", "
                + "<https://api.github.com/repositories/1300192/actions/runs?page=3>; rel=\"next\", "
                + "<https://api.github.com/repositories/1300192/actions/runs?page=9>; rel=\"last\"";

        assertThat(LinkHeader.next(header))
                .contains(URI.create("https://api.github.com/repositories/1300192/actions/runs?page=3"));
    }

    @Test
    void theLastPageHasNoNext() {
        assertThat(LinkHeader.next("<https://api.github.com/x?page=1>; rel=\"first\", "
                + "<https://api.github.com/x?page=2>; rel=\"prev\"")).isEmpty();
        assertThat(LinkHeader.next(null)).isEmpty();
    }
}
