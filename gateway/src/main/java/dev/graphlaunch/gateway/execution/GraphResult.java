package dev.graphlaunch.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

public record GraphResult(JsonNode output, List<UsageFact> usage) {}
