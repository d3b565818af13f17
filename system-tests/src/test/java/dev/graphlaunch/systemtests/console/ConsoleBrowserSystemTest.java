package dev.graphlaunch.systemtests.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.systemtests.support.GitHubSender;
import dev.graphlaunch.systemtests.support.SystemUnderTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The console in a real headless browser against the whole running system. */
class ConsoleBrowserSystemTest {
    private static final String OPS = "ops@acme.test";
    private static SystemUnderTest system;
    private static String key;
    private ChromeDriver browser;

    @BeforeAll
    static void start() {
        assertThat(HeadlessChromium.installed())
                .as("the console tests need Debian's chromium and chromedriver: apt-get install chromium chromium-driver")
                .isTrue();
        system = SystemUnderTest.startAll();
        key = system.issueKey("acme", OPS, "runs:write", "runs:read", "builtin:*", "admin");
    }

    @AfterAll
    static void stop() {
        // The attempt of a run cancelled from the page is stopped and recorded discarded; none may be left running.
        await().atMost(Duration.ofSeconds(60)).until(() ->
                system.count("select count(*) from graph_run_attempts where status = 'running'") == 0);
        system.close();
    }

    @BeforeEach
    void openBrowser() {
        browser = HeadlessChromium.start();
    }

    @AfterEach
    void closeBrowser() {
        browser.quit();
    }

    @Test
    void aBadKeyShowsAClearErrorAndIsNotKept() {
        browser.get(system.uri("/console/").toString());
        browser.findElement(By.id("api-key")).sendKeys("glg_this-key-does-not-exist");
        browser.findElement(By.id("sign-in")).click();

        WebElement status = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                "#sign-in-status .notice-error")));
        assertThat(status.getText()).contains("That API key was not accepted");
        assertThat(browser.executeScript("return sessionStorage.length")).isEqualTo(0L);
        assertThat(browser.findElement(By.id("nav")).isDisplayed()).isFalse();
        HeadlessChromium.screenshot(browser, "sign-in-bad-key");
    }

    @Test
    void aRunStartedByApiAppearsInTheListAndItsDetailPageStreamsItToSucceeded() {
        String runId = chat("streamed to the console", 3_000);
        signIn();

        WebElement row = waitFor().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#runs-rows tr[data-run-id='" + runId + "']")));
        assertThat(row.getText()).contains("builtin:echo").contains(OPS);
        HeadlessChromium.screenshot(browser, "runs-list");

        row.findElement(By.cssSelector("a")).click();
        waitFor().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#run-status [data-status='succeeded']")));
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("run-outcome"),
                "streamed to the console"));
        assertThat(browser.findElement(By.id("run-events")).getText()).contains("status").contains("succeeded");
        assertThat(browser.findElement(By.id("run-provenance")).getText()).contains("user_immediate").contains(OPS);
        assertThat(browser.findElement(By.id("cancel-run")).isEnabled()).isFalse();
        WebElement attempt = waitFor().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#attempts-table tr[data-attempt='1']")));
        waitFor().until(ExpectedConditions.textToBePresentInElement(attempt, "succeeded"));
        assertThat(browser.findElements(By.cssSelector("#attempts-table tbody tr"))).hasSize(1);
        waitFor().until(ExpectedConditions.textToBe(By.id("stream-state"), "stream ended"));
        HeadlessChromium.screenshot(browser, "run-detail");
        browser.executeScript("document.getElementById('run-attempts').scrollIntoView({block: 'center'})");
        HeadlessChromium.screenshot(browser, "run-detail-attempts");
    }

    @Test
    void cancelFromTheRunPageEndsASlowRunCancelled() {
        String runId = chat("too slow", 8_000);
        system.awaitRun(runId, key, "running");
        signIn();
        browser.get(system.uri("/console/#/runs/" + runId).toString());

        waitFor().until(ExpectedConditions.elementToBeClickable(By.id("cancel-run"))).click();
        waitFor().until(ExpectedConditions.elementToBeClickable(By.id("confirm-cancel"))).click();

        waitFor().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#run-status [data-status='cancelled']")));
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("run-outcome"), "cancelled by " + OPS));
        assertThat(system.http().get("/api/v1/runs/" + runId, key).json().path("status").asText())
                .isEqualTo("cancelled");
        HeadlessChromium.screenshot(browser, "run-cancelled");
    }

    @Test
    void deliveryFieldsCarryingMarkupRenderAsTextAndRunNothing() {
        String script = "<script>window.__pwned = 1</script>";
        String image = "<img src=x onerror=\"window.__pwned = 2\">";
        byte[] payload = new String(GitHubSender.fixture("workflow_run.completed.success.json"), StandardCharsets.UTF_8)
                .replace("octo-org/octo-repo", "octo-org/" + script).getBytes(StandardCharsets.UTF_8);
        Reply delivered = GitHubSender.deliver(system.http(), payload, "workflow_run", image);
        assertThat(delivered.status()).as(delivered.body()).isLessThan(300);
        signIn();

        browser.get(system.uri("/console/#/deliveries").toString());

        WebElement table = waitFor().until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//tbody[@id='deliveries-rows']/tr[1]")));
        String text = browser.findElement(By.id("deliveries-table")).getText();
        assertThat(text).contains("octo-org/" + script).contains(image);
        assertThat(table.findElements(By.tagName("script"))).isEmpty();
        assertThat(table.findElements(By.tagName("img"))).isEmpty();
        assertThat(browser.executeScript("return window.__pwned === undefined")).isEqualTo(true);
        HeadlessChromium.screenshot(browser, "webhook-deliveries");
    }

    @Test
    void replayFromTheDeliveriesPageFindsTheFailuresRunAndWithRerunMakesANewRunThatAppears() {
        long workflowRun = ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L);
        byte[] failure = new String(GitHubSender.fixture("workflow_run.completed.failure.json"), StandardCharsets.UTF_8)
                .replace("\"id\": 289782451,", "\"id\": " + workflowRun + ",").getBytes(StandardCharsets.UTF_8);
        String deliveryId = UUID.randomUUID().toString();
        Reply live = GitHubSender.deliver(system.http(), failure, "workflow_run", deliveryId);
        assertThat(live.status()).as(live.body()).isEqualTo(202);
        String firstRun = live.json().path("runId").asText();
        String logId = system.jdbi().withHandle(h -> h.createQuery(
                "select cast(id as text) from webhook_deliveries where delivery_id = :d").bind("d", deliveryId)
                .mapTo(String.class).one());
        signIn();
        browser.get(system.uri("/console/#/deliveries").toString());
        By replay = By.cssSelector("button[data-replay='" + logId + "']");

        waitFor().until(ExpectedConditions.elementToBeClickable(replay)).click();

        waitFor().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#replay-result a[data-replayed-run='" + firstRun + "']")));
        assertThat(browser.findElement(By.id("replay-result")).getText()).contains("duplicate");
        By rowsOfDelivery = By.xpath("//tbody[@id='deliveries-rows']/tr[td[@title='" + deliveryId + "']]");
        waitFor().until(ExpectedConditions.numberOfElementsToBe(rowsOfDelivery, 2));
        assertThat(browser.findElements(rowsOfDelivery).get(0).getText()).contains("replay by " + OPS);

        browser.findElement(By.cssSelector("input[data-rerun='" + logId + "']")).click();
        browser.findElement(replay).click();

        WebElement rerun = waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                "#replay-result a[data-replayed-run]:not([data-replayed-run='" + firstRun + "'])")));
        String rerunId = rerun.getAttribute("data-replayed-run");
        assertThat(browser.findElement(By.id("replay-result")).getText()).contains("started").contains("rerun of");
        waitFor().until(ExpectedConditions.numberOfElementsToBe(rowsOfDelivery, 3));
        HeadlessChromium.screenshot(browser, "webhook-deliveries-replay");

        browser.findElement(By.cssSelector("#replay-result a[data-replayed-run='" + rerunId + "']")).click();
        waitFor().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#run-status [data-status='succeeded']")));
        assertThat(browser.findElement(By.id("run-provenance")).getText()).contains(firstRun).contains(OPS)
                .contains("system_webhook");
        browser.get(system.uri("/console/#/runs").toString());
        waitFor().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#runs-rows tr[data-run-id='" + rerunId + "']")));
        assertThat(system.http().get("/api/v1/runs/" + rerunId, key).json().path("rerunOf").asText()).isEqualTo(firstRun);
    }

    @Test
    void theSchedulesPageSaysWhenNoScheduleIsDeclared() {
        signIn();
        browser.get(system.uri("/console/#/schedules").toString());

        WebElement empty = waitFor().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#schedules-list .notice-empty")));
        assertThat(empty.getText()).contains("No schedules are declared");
        HeadlessChromium.screenshot(browser, "schedules-empty");
    }

    @Test
    void theConsoleIsServedWithAStrictContentSecurityPolicy() {
        Reply page = system.http().get("/console/", null);
        Reply module = system.http().get("/console/js/app.js", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).isEqualTo("default-src 'none'; script-src 'self';"
                + " style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none';"
                + " frame-ancestors 'none'");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(module.contentType()).startsWith("text/javascript");
        assertThat(module.header("Content-Security-Policy")).isNotBlank();
        assertThat(system.http().get("/console/../config.yml", null).status()).isEqualTo(404);
        assertThat(system.http().get("/console/migrations.xml", null).status()).isEqualTo(404);
        assertThat(page.body()).doesNotContain("style=").doesNotContain("<script>");
    }

    private void signIn() {
        browser.get(system.uri("/console/").toString());
        browser.findElement(By.id("api-key")).sendKeys(key);
        browser.findElement(By.id("sign-in")).click();
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("runs-table")));
        assertThat(browser.getCurrentUrl()).doesNotContain(key);
        assertThat(browser.manage().getCookies()).isEmpty();
    }

    private static String chat(String message, int delayMs) {
        Reply reply = system.http().postJson("/api/v1/ai/chat", key,
                Map.of("graphId", "builtin:echo", "message", message, "input", Map.of("delayMs", delayMs)), Map.of());
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        return reply.json().path("runId").asText();
    }

    private WebDriverWait waitFor() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }
}
