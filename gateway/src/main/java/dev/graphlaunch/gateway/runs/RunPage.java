package dev.graphlaunch.gateway.runs;

import java.util.List;

/** @param nextCursor pass as {@code cursor} for the next page; null on the last page */
public record RunPage(List<RunView> items, String nextCursor) {}
