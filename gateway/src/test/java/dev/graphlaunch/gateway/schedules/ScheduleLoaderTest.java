package dev.graphlaunch.gateway.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.graphlaunch.gateway.support.TestCatalogs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleLoaderTest {
    private static final String FILE = "config/schedules.yml";
    private final ScheduleLoader loader =
            new ScheduleLoader(TestCatalogs.builtin());

    private static String schedule(String id, String extra) {
        return """
                  - id: %s
                    tenant: acme
                    graph: builtin:echo
                    cron: "0 2 * * *"
                    owner: ops@acme.test
                """.formatted(id) + extra.indent(4);
    }

    private List<String> errors(String yaml) {
        return catchThrowableOfType(InvalidSchedulesException.class, () -> loader.parse(FILE, yaml)).errors();
    }

    @Test
    void aMinimalScheduleGetsTheDocumentedDefaults() {
        DesiredSchedule schedule = loader.parse(FILE, "schedules:\n" + schedule("nightly", "")).get(0);

        assertThat(schedule.key()).isEqualTo(new ScheduleKey("acme", "nightly"));
        assertThat(schedule.timezone()).isEqualTo("UTC");
        assertThat(schedule.overlap()).isEqualTo(Overlap.SKIP);
        assertThat(schedule.catchupWindow()).isZero();
        assertThat(schedule.jitter()).isZero();
        assertThat(schedule.paused()).isFalse();
        assertThat(schedule.input().isObject()).isTrue();
        assertThat(schedule.grantRef()).isEqualTo("schedule:nightly");
    }

    @Test
    void everyFieldIsRead() {
        DesiredSchedule schedule = loader.parse(FILE, "schedules:\n" + schedule("full", """
                timezone: Europe/Berlin
                input: {message: hi}
                overlap: buffer-one
                catchupWindow: 15m
                jitter: 30s
                paused: true
                note: waiting for the data team
                startAt: 2026-01-01T00:00:00Z
                endAt: 2027-01-01T00:00:00+01:00
                """)).get(0);

        assertThat(schedule.timezone()).isEqualTo("Europe/Berlin");
        assertThat(schedule.input().path("message").asText()).isEqualTo("hi");
        assertThat(schedule.overlap()).isEqualTo(Overlap.BUFFER_ONE);
        assertThat(schedule.catchupWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(schedule.jitter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(schedule.paused()).isTrue();
        assertThat(schedule.note()).isEqualTo("waiting for the data team");
        assertThat(schedule.startAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(schedule.endAt()).isEqualTo(Instant.parse("2026-12-31T23:00:00Z"));
    }

    @Test
    void theShippedExampleIsValid() {
        List<DesiredSchedule> example = loader.load(java.nio.file.Path.of("../config/schedules.yml"));

        assertThat(example).extracting(s -> s.key().scheduleId()).containsExactly("nightly-echo", "hourly-echo");
        assertThat(example.get(1).paused()).isTrue();
        assertThat(example.get(1).timing().text()).isEqualTo("@every 1h");
    }

    @Test
    void badYamlNamesTheFileAndLine() {
        assertThat(errors("schedules:\n  - id: [unclosed\n")).singleElement().asString()
                .startsWith(FILE + ": not valid YAML: ").contains("line");
        assertThat(errors("jobs: []")).containsExactly(FILE + ": expected a top-level 'schedules:' list");
        assertThat(errors("schedules:\n" + schedule("twice", "cron: \"0 3 * * *\""))).singleElement().asString()
                .contains("not valid YAML").contains("Duplicate field 'cron'");
    }

    @Test
    void duplicateIdsAreRefused() {
        assertThat(errors("schedules:\n" + schedule("same", "") + schedule("same", "")))
                .containsExactly(FILE + ": schedule 'same' field 'id': duplicate id; ids must be unique in the file");
    }

    @Test
    void eachBadFieldIsNamedWithItsSchedule() {
        String yaml = "schedules:\n"
                + schedule("graph", "").replace("builtin:echo", "nope:echo")
                + schedule("missing", "").replace("builtin:echo", "builtin:missing")
                + schedule("cron", "").replace("0 2 * * *", "0 2 * *")
                + schedule("zone", "timezone: Europe/Atlantis")
                + schedule("offset", "timezone: \"+02:00\"")
                + schedule("overlap", "overlap: sometimes")
                + schedule("jitter", "jitter: 30")
                + schedule("paused", "paused: maybe")
                + schedule("window", "startAt: 2027-01-01T00:00:00Z\nendAt: 2026-01-01T00:00:00Z")
                + schedule("typo", "crn: \"* * * * *\"")
                + schedule("input", "input: [1, 2]");

        assertThat(errors(yaml)).containsExactly(
                FILE + ": schedule 'graph' field 'graph': Unknown graph namespace 'nope'; known: builtin.",
                FILE + ": schedule 'missing' field 'graph': Namespace 'builtin' has no graph 'missing'.",
                FILE + ": schedule 'cron' field 'cron': '0 2 * *' has 4 fields; cron needs five (minute hour day-of-month month day-of-week), or '@every 10m'",
                FILE + ": schedule 'zone' field 'timezone': 'Europe/Atlantis' is not an IANA time zone such as Europe/Berlin or UTC",
                FILE + ": schedule 'offset' field 'timezone': '+02:00' is not an IANA time zone such as Europe/Berlin or UTC",
                FILE + ": schedule 'overlap' field 'overlap': 'sometimes' is not an overlap policy; use one of"
                        + " [skip, buffer_one, buffer_all, cancel_other, terminate_other, allow_all]",
                FILE + ": schedule 'jitter' field 'jitter': '30' is not a duration; write e.g. 30s, 10m, 1h30m or 1d",
                FILE + ": schedule 'paused' field 'paused': expected true or false",
                FILE + ": schedule 'window' field 'endAt': must be after startAt",
                FILE + ": schedule 'typo' field 'crn': unknown field; known fields are [catchupWindow, cron, endAt, graph,"
                        + " id, input, jitter, note, overlap, owner, paused, startAt, tenant, timezone]",
                FILE + ": schedule 'input' field 'input': expected a mapping (it becomes the graph's JSON input)");
    }

    @Test
    void anInputAtTheSizeLimitIsReadAndOneByteMoreIsRefusedWithItsSize() {
        // {"t":"…"} is 8 bytes of JSON around the text.
        String atLimit = "x".repeat(ScheduleLoader.MAX_INPUT_BYTES - 8);

        assertThat(loader.parse(FILE, "schedules:\n" + schedule("big", "input: {t: " + atLimit + "}")).get(0)
                .input().path("t").asText()).hasSize(atLimit.length());
        assertThat(errors("schedules:\n" + schedule("big", "input: {t: " + atLimit + "x}"))).containsExactly(
                FILE + ": schedule 'big' field 'input': is " + (ScheduleLoader.MAX_INPUT_BYTES + 1)
                        + " bytes as compact JSON; a declared input may be at most " + ScheduleLoader.MAX_INPUT_BYTES
                        + " bytes (keep large data elsewhere and pass a reference)");
    }

    @Test
    void requiredFieldsAndNamesAreChecked() {
        assertThat(errors("schedules:\n  - cron: \"0 2 * * *\"\n")).containsExactly(
                FILE + ": schedule #1 field 'id': is required",
                FILE + ": schedule #1 field 'tenant': is required",
                FILE + ": schedule #1 field 'graph': is required",
                FILE + ": schedule #1 field 'owner': is required");
        assertThat(errors("schedules:\n" + schedule("nested", "").replace("owner: ops@acme.test", "owner: {name: ops}")))
                .containsExactly(FILE + ": schedule 'nested' field 'owner': expected a single value, not a list or mapping");
        assertThat(errors("schedules:\n" + schedule("has:colon", ""))).containsExactly(
                FILE + ": schedule 'has:colon' field 'id': 'has:colon' must be 1-100 letters, digits, '.', '_' or '-'");
    }
}
