package dev.graphlaunch.gateway.triggers.webhook.catchup;

import java.util.List;

/** The answer to "scan now": one report per repository, in name order. */
public record ScanReports(List<ScanReport> scans) {}
