package zoomhub.web;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import zoomhub.Addresses;
import zoomhub.HubFixture;
import zoomhub.Zoom;
import zoomhub.access.Jwt;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meeting room in a real headless Chromium, against a hub fed with signed webhooks: what teachers and students
 * actually look at. Skipped (with a reason) where Chromium and its driver are not installed; CI installs them.
 */
class MeetingRoomBrowserTest {
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String DRIVER = "/usr/bin/chromedriver";
  private static final AtomicInteger zoomIds = new AtomicInteger(870_000_000);
  private static HubFixture hub;
  private static Jwt jwt;
  private WebDriver browser;
  private Path profile;

  private UUID teacher;
  private UUID ana;
  private UUID meeting;
  private String zoomId;

  @BeforeAll
  static void start() {
    Assumptions.assumeTrue(new File(CHROMIUM).canExecute() && new File(DRIVER).canExecute(),
      "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver); .ci/run installs them");
    hub = HubFixture.start();
    jwt = Jwt.fromConfig(hub.vertx, hub.conf);
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @BeforeEach
  void openBrowser() throws Exception {
    profile = Files.createTempDirectory("zoomhub-chromium");
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless", "--no-sandbox",
      "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-quic", "--no-first-run", "--window-size=1100,900", "--user-data-dir=" + profile);
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
      .usingAnyFreePort().build(), options);
    String n = Integer.toString(zoomIds.incrementAndGet());
    zoomId = n;
    teacher = hub.insertUser("Theo Teacher " + n, "theo" + n + "@school.test", "teacher");
    ana = hub.insertUser("Ana Alves", "ana" + n + "@school.test", "student");
    UUID klass = hub.insertClass("Algebra " + n, teacher, ana);
    meeting = hub.insertMeeting(zoomId, teacher, klass);
    hub.update("UPDATE zoom_meetings SET title = 'Algebra 9A: quadratic equations', join_url = ?, start_url = ?, "
      + "start_time = now() + interval '1 hour', duration = 60 WHERE id = ?",
      "https://zoom.us/j/" + zoomId, "https://zoom.us/s/" + zoomId, meeting);
  }

  @AfterEach
  void closeBrowser() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private void openRoomAs(UUID user) {
    browser.get("http://localhost:" + hub.port + "/#/signin");
    ((JavascriptExecutor) browser).executeScript("sessionStorage.setItem('zoomhub.token', arguments[0]);",
      jwt.issue(user, 3600, hub.conf));
    browser.get("http://localhost:" + hub.port + "/#/meetings/" + meeting);
    waitFor(Duration.ofSeconds(10), () -> "open".equals(js("return document.body.dataset.bridge || ''")));
  }

  /** The browser's registration is live once a probe published on the address reaches its socket. */
  private void awaitLive(String address) {
    waitFor(Duration.ofSeconds(10), () -> {
      hub.vertx.eventBus().publish(address, new JsonObject().put("type", "probe").put("seq", 0));
      Object seen = js("return (window.zoomhubSeen || {})[arguments[0]] || 0", address);
      return ((Number) seen).intValue() > 0;
    });
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  private String text(String id) {
    var found = browser.findElements(By.id(id));
    return found.isEmpty() ? "" : found.get(0).getText();
  }

  private void waitFor(Duration atMost, java.util.function.BooleanSupplier condition) {
    new WebDriverWait(browser, atMost, Duration.ofMillis(50)).until(d -> condition.getAsBoolean());
  }

  /** Delivers a signed webhook and waits at most 2 s for the page to show its effect. */
  private void deliverAndSee(JsonObject webhook, java.util.function.BooleanSupplier shown) {
    assertThat(hub.post(webhook).statusCode()).isEqualTo(200);
    waitFor(Duration.ofSeconds(2), shown);
  }

  private void screenshot(String name) throws Exception {
    Path target = Path.of("target", "screenshots", name + ".png");
    Files.createDirectories(target.getParent());
    Files.write(target, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    if ("teacher-room".equals(name) && System.getenv("UPDATE_README_SCREENSHOT") != null) {
      Path readme = Path.of("webroot", "img", "meeting-room.png");
      Files.createDirectories(readme.getParent());
      Files.copy(target, readme, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  void aTeachersRoomFollowsTheMeetingLiveUpToTheAttendance() throws Exception {
    openRoomAs(teacher);
    assertThat(text("title")).isEqualTo("Algebra 9A: quadratic equations");
    assertThat(browser.findElements(By.linkText("Join in Zoom"))).hasSize(1);
    assertThat(browser.findElements(By.linkText("Start (host)"))).hasSize(1);
    awaitLive(Addresses.meeting(meeting));
    awaitLive(Addresses.participants(meeting));
    awaitLive(Addresses.attendance(meeting));

    Instant start = Instant.now().minus(40, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    String uuid = "browser-" + zoomId + "==";
    JsonObject anaZoom = Zoom.participant("ana-" + zoomId, "Ana Alves", "ana" + zoomId + "@school.test");
    JsonObject guest = Zoom.participant("guest-" + zoomId, "Visitor iPad", null);
    deliverAndSee(Zoom.started(zoomId, uuid, start.toString()), () -> text("status").equals("started"));
    deliverAndSee(Zoom.joined(zoomId, uuid, anaZoom, start.plusSeconds(60).toString()), () -> text("in-count").equals("1"));
    deliverAndSee(Zoom.joined(zoomId, uuid, guest, start.plusSeconds(120).toString()), () -> text("in-count").equals("2"));
    assertThat(text("people")).contains("Ana Alves").contains("Visitor iPad").contains("guest");
    screenshot("teacher-room");
    deliverAndSee(Zoom.left(zoomId, uuid, guest, start.plusSeconds(600).toString()), () -> text("in-count").equals("1"));
    deliverAndSee(Zoom.ended(zoomId, uuid, start.toString(), start.plusSeconds(35 * 60).toString()),
      () -> text("status").equals("ended"));
    waitFor(Duration.ofSeconds(2), () -> text("attendance-summary").contains("present"));
    assertThat(text("attendance-summary")).contains("Ana Alves");
    assertThat(text("in-count")).isEqualTo("0");
    screenshot("teacher-room-ended");
  }

  @Test
  void aStudentSeesTheStatusButNoParticipants() throws Exception {
    openRoomAs(ana);
    awaitLive(Addresses.meeting(meeting));
    String uuid = "student-" + zoomId + "==";
    deliverAndSee(Zoom.started(zoomId, uuid, Instant.now().minusSeconds(60).toString()),
      () -> text("status").equals("started"));
    assertThat(browser.findElements(By.id("participants-panel"))).isEmpty();
    assertThat(text("banner")).isEmpty();
    Instant start = Instant.now().minusSeconds(60);
    hub.post(Zoom.joined(zoomId, uuid, Zoom.participant("ana-" + zoomId, "Ana Alves", "ana" + zoomId + "@school.test"),
      start.plusSeconds(120).toString()));
    deliverAndSee(Zoom.ended(zoomId, uuid, start.toString(), start.plusSeconds(600).toString()),
      () -> text("status").equals("ended"));
    // after the end a student sees their own attendance (8 minutes: partial), nobody else's
    waitFor(Duration.ofSeconds(5), () -> text("attendance-summary").contains("partial"));
    assertThat(text("attendance-summary")).contains("Ana Alves").doesNotContain("present:");
    screenshot("student-room");
  }

  @Test
  void aLostConnectionIsResyncedWithoutAReload() throws Exception {
    openRoomAs(teacher);
    awaitLive(Addresses.participants(meeting));
    js("window.zoomhubPage = 'before the cut'");
    String uuid = "cut-" + zoomId + "==";
    Instant start = Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS);
    deliverAndSee(Zoom.started(zoomId, uuid, start.toString()), () -> text("status").equals("started"));

    hub.restart(); // every bridge socket is closed by the server; what happens meanwhile is published to no one
    assertThat(hub.post(Zoom.joined(zoomId, uuid, Zoom.participant("p-" + zoomId, "Ana Alves", null),
      start.plusSeconds(30).toString())).statusCode()).isEqualTo(200);
    waitFor(Duration.ofSeconds(15), () -> text("in-count").equals("1"));
    assertThat(js("return window.zoomhubPage")).isEqualTo("before the cut");
    assertThat(text("people")).contains("Ana Alves");
    Map<?, ?> seen = (Map<?, ?>) js("return window.zoomhubSeen");
    assertThat(seen).isNotEmpty();
  }
}
