package dev.graphlaunch.gateway.triggers.webhook.catchup;

/**
 * GitHub did not answer a listing usefully (bad token, no access, rate limit beyond the wait we
 * allow, repeated 5xx). Ends one repository's scan; the message is what ops read in the scan
 * status, so it names the status and GitHub's own message, never the token.
 */
public class GitHubApiException extends RuntimeException {
    public GitHubApiException(String message) {
        super(message);
    }

    public GitHubApiException(String message, Throwable cause) {
        super(message, cause);
    }
}
