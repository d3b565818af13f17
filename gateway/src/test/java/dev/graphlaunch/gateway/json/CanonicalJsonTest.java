package dev.graphlaunch.gateway.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void keyOrderDoesNotChangeTheFingerprint() throws Exception {
        String a = CanonicalJson.sha256(mapper.readTree("{\"b\":1,\"a\":{\"y\":[1,2],\"x\":null}}"));
        String b = CanonicalJson.sha256(mapper.readTree("{ \"a\": {\"x\": null, \"y\": [1, 2]}, \"b\": 1 }"));
        assertThat(a).isEqualTo(b).hasSize(64);
    }

    @Test
    void anyValueChangeChangesTheFingerprint() throws Exception {
        String a = CanonicalJson.sha256(mapper.readTree("{\"a\":[1,2]}"));
        assertThat(CanonicalJson.sha256(mapper.readTree("{\"a\":[2,1]}"))).isNotEqualTo(a);
        assertThat(CanonicalJson.sha256(mapper.readTree("{\"a\":[1,\"2\"]}"))).isNotEqualTo(a);
    }
}
