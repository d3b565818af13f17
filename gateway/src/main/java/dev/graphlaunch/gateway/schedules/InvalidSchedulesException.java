package dev.graphlaunch.gateway.schedules;

import java.util.List;

/** The schedules file cannot be applied; each error names the file, the schedule and the field. */
public class InvalidSchedulesException extends RuntimeException {
    private final List<String> errors;

    public InvalidSchedulesException(List<String> errors) {
        super(String.join("\n", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
