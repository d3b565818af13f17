package dev.graphlaunch.gateway.runs;

import java.util.UUID;

public record RunLinks(String self, String events) {
    public static RunLinks of(UUID runId) {
        String self = "/api/v1/runs/" + runId;
        return new RunLinks(self, self + "/events");
    }
}
