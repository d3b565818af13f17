package dev.graphlaunch.gateway.triggers.webhook;

import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.errors.ProblemType;

/** No log row with that id for the caller's tenant (a malformed id names none either). */
public class WebhookDeliveryNotFoundException extends ProblemException {
    public WebhookDeliveryNotFoundException(String id) {
        super(ProblemType.WEBHOOK_DELIVERY_NOT_FOUND, "No webhook delivery '" + id
                + "' exists for this tenant; use the 'id' of a row of GET /api/v1/admin/webhooks/github/deliveries.");
    }
}
