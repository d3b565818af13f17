package dev.graphlaunch.gateway.triggers.webhook;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/**
 * The CI-failure webhook. The body is taken as a raw stream: the signature covers the bytes as
 * sent, so no Jersey reader may parse (or re-encode) them first. Its size limit is its own
 * ({@code githubWebhook.maxBody}, 1 MiB), because GitHub's payloads outgrow the API's limit.
 */
@Path("/" + GitHubWebhookResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class GitHubWebhookResource {
    /** Relative to the application root, as the body-size filter sees it. */
    public static final String PATH = "api/v1/webhooks/github";

    private final GitHubDeliveries deliveries;

    public GitHubWebhookResource(GitHubDeliveries deliveries) {
        this.deliveries = deliveries;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response receive(@Context HttpHeaders headers, InputStream body) {
        DeliveryHeaders delivery = DeliveryHeaders.of(headers::getHeaderString,
                formatOf(headers.getHeaderString(HttpHeaders.CONTENT_TYPE)), headers.getLength());
        DeliveryAnswer answer = deliveries.receive(delivery, body);
        return Response.status(answer.httpStatus()).entity(answer).build();
    }

    /** Read as JAX-RS reads media types; never refuses here, because the signature is checked first. */
    static DeliveryFormat formatOf(String contentType) {
        if (contentType == null) {
            return DeliveryFormat.UNSUPPORTED;
        }
        MediaType type;
        try {
            type = MediaType.valueOf(contentType);
        } catch (IllegalArgumentException malformed) {
            return DeliveryFormat.UNSUPPORTED;
        }
        if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            return DeliveryFormat.JSON;
        }
        return type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                ? DeliveryFormat.FORM : DeliveryFormat.UNSUPPORTED;
    }
}
