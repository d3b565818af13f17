package dev.graphlaunch.gateway.triggers.webhook;

import java.util.List;

/** @param nextCursor pass as {@code cursor} for the next page; null on the last page */
public record DeliveryPage(List<WebhookDelivery> items, String nextCursor) {}
