package dev.graphlaunch.gateway.schedules;

import com.fasterxml.jackson.core.JsonParser;
import dev.graphlaunch.gateway.auth.TenantIds;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.graphlaunch.gateway.execution.GraphCatalog;
import dev.graphlaunch.gateway.execution.UnknownGraphException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads and validates a schedules file completely before anything touches Temporal: every error
 * is collected, each naming the file, the schedule and the field, and any error rejects the file.
 */
public class ScheduleLoader {
    static final Set<String> FIELDS = Set.of("id", "tenant", "graph", "cron", "timezone", "input", "overlap",
            "catchupWindow", "jitter", "paused", "note", "owner", "startAt", "endAt");
    /**
     * A scheduled run's input travels in the schedule's action and then in the worker's begin call to
     * the internal API, under its body limit ({@code maxRequestBody}, 256 KiB by default) with room
     * for the run's metadata. A larger input would make every fire fail before a run record exists,
     * so it is refused here, where an operator reads the error.
     */
    static final int MAX_INPUT_BYTES = 128 * 1024;

    private final YAMLMapper yaml = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private final GraphCatalog catalog;

    public ScheduleLoader(GraphCatalog catalog) {
        this.catalog = catalog;
    }

    public List<DesiredSchedule> load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidSchedulesException(List.of(file + ": cannot be read: " + e.getMessage()));
        }
        return parse(file.toString(), text);
    }

    public List<DesiredSchedule> parse(String fileName, String text) {
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidSchedulesException(List.of(fileName + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")));
        }
        if (root == null || !root.path("schedules").isArray()) {
            throw new InvalidSchedulesException(List.of(fileName + ": expected a top-level 'schedules:' list"));
        }
        List<String> errors = new ArrayList<>();
        List<DesiredSchedule> schedules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int index = 0;
        for (JsonNode entry : root.path("schedules")) {
            index++;
            Entry checked = new Entry(fileName, index, entry, errors);
            DesiredSchedule schedule = checked.toSchedule();
            if (schedule != null && !ids.add(schedule.key().scheduleId())) {
                errors.add(checked.where("id") + "duplicate id; ids must be unique in the file");
            } else if (schedule != null) {
                schedules.add(schedule);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidSchedulesException(errors);
        }
        return List.copyOf(schedules);
    }

    /** One list entry; its getters record an error and return null instead of throwing. */
    private final class Entry {
        private final String fileName;
        private final String label;
        private final JsonNode node;
        private final List<String> errors;
        private final int errorsBefore;

        Entry(String fileName, int index, JsonNode node, List<String> errors) {
            this.fileName = fileName;
            this.node = node;
            this.errors = errors;
            this.errorsBefore = errors.size();
            String id = node.path("id").isTextual() ? node.path("id").asText() : null;
            this.label = id != null ? "schedule '" + id + "'" : "schedule #" + index;
        }

        String where(String field) {
            return fileName + ": " + label + " field '" + field + "': ";
        }

        DesiredSchedule toSchedule() {
            if (!node.isObject()) {
                errors.add(fileName + ": " + label + ": expected a mapping of fields");
                return null;
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!FIELDS.contains(name)) {
                    errors.add(where(name) + "unknown field; known fields are " + FIELDS.stream().sorted().toList());
                }
            }
            String id = name("id");
            String tenant = tenant();
            String graph = required("graph", value -> {
                catalog.require(value);
                return value;
            });
            String owner = required("owner", Function.identity());
            Timing timing = required("cron", Timing::parse);
            String timezone = optional("timezone", "UTC", ScheduleLoader::timezone);
            Duration jitter = optional("jitter", Duration.ZERO, Durations::parse);
            Duration catchup = optional("catchupWindow", Duration.ZERO, Durations::parse);
            Overlap overlap = optional("overlap", Overlap.SKIP, value -> Overlap.fromYaml(value).orElseThrow(() ->
                    new IllegalArgumentException("'" + value + "' is not an overlap policy; use one of "
                            + List.of(Overlap.values()).stream().map(Overlap::yamlName).toList())));
            Instant startAt = optional("startAt", null, ScheduleLoader::instant);
            Instant endAt = optional("endAt", null, ScheduleLoader::instant);
            if (startAt != null && endAt != null && !endAt.isAfter(startAt)) {
                errors.add(where("endAt") + "must be after startAt");
            }
            JsonNode input = input();
            boolean paused = paused();
            String note = optional("note", null, Function.identity());
            if (errors.size() > errorsBefore) {
                return null;
            }
            return new DesiredSchedule(new ScheduleKey(tenant, id), graph, input, owner, timing, timezone, jitter,
                    startAt, endAt, overlap, catchup, paused, note);
        }

        private String name(String field) {
            return required(field, value -> {
                if (!ScheduleKey.NAME.matcher(value).matches()) {
                    throw new IllegalArgumentException("'" + value + "' must be 1-100 letters, digits, '.', '_' or '-'");
                }
                return value;
            });
        }

        private String tenant() {
            return required("tenant", value -> {
                if (!TenantIds.isValid(value)) {
                    throw new IllegalArgumentException("'" + value + "' must be " + TenantIds.RULE);
                }
                return value;
            });
        }

        private <T> T required(String field, Function<String, T> parse) {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull() || (value.isValueNode() && value.asText().isBlank())) {
                errors.add(where(field) + "is required");
                return null;
            }
            return optional(field, null, parse);
        }

        private <T> T optional(String field, T fallback, Function<String, T> parse) {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull()) {
                return fallback;
            }
            if (!value.isValueNode()) {
                errors.add(where(field) + "expected a single value, not a list or mapping");
                return fallback;
            }
            try {
                return parse.apply(value.asText());
            } catch (IllegalArgumentException | UnknownGraphException e) {
                errors.add(where(field) + e.getMessage());
                return fallback;
            }
        }

        private JsonNode input() {
            JsonNode input = node.path("input");
            if (input.isMissingNode() || input.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!input.isObject()) {
                errors.add(where("input") + "expected a mapping (it becomes the graph's JSON input)");
                return input;
            }
            int size = input.toString().getBytes(StandardCharsets.UTF_8).length;
            if (size > MAX_INPUT_BYTES) {
                errors.add(where("input") + "is " + size + " bytes as compact JSON; a declared input may be at most "
                        + MAX_INPUT_BYTES + " bytes (keep large data elsewhere and pass a reference)");
            }
            return input;
        }

        private boolean paused() {
            JsonNode paused = node.path("paused");
            if (!paused.isMissingNode() && !paused.isNull() && !paused.isBoolean()) {
                errors.add(where("paused") + "expected true or false");
            }
            return paused.asBoolean(false);
        }
    }

    private static String timezone(String value) {
        // Only region ids Temporal also knows; ZoneId.of would accept offsets such as "+02:00" too.
        if (!value.equals("UTC") && !ZoneId.getAvailableZoneIds().contains(value)) {
            throw new IllegalArgumentException("'" + value + "' is not an IANA time zone such as Europe/Berlin or UTC");
        }
        return value;
    }

    private static Instant instant(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a timestamp with offset, e.g. 2026-01-01T00:00:00Z");
        }
    }
}
