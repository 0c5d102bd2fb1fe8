package org.corridorwatch.console.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.corridorwatch.testing.Poll;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, headless, through its chromedriver; and what the console's tests measure in
 * it.
 */
public final class Chromium {
  /** Debian's packages; Selenium Manager must not go looking for (or download) others. */
  static final Path BINARY = Path.of("/usr/bin/chromium");

  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final String INSTALL =
      "apt-get install -y --no-install-recommends chromium chromium-driver";

  private Chromium() {}

  public static ChromeDriver start() {
    // a missing browser is a broken CI machine, not a reason to skip an acceptance test
    assertThat(Files.isExecutable(BINARY) && Files.isExecutable(DRIVER))
        .withFailMessage("the browser tests need %s and %s; on Debian: %s", BINARY, DRIVER, INSTALL)
        .isTrue();
    // the driver path is set, so Selenium Manager has nothing to look up (there is no internet)
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    // --no-sandbox: CI runs as root, where chromium refuses its sandbox; /dev/shm is small in
    // containers, so shared memory goes to /tmp instead
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1600,1000");
    ChromeDriver browser = new ChromeDriver(service, options);
    // every page keeps its uncaught errors and rejected promises, so a test can say what broke
    browser.executeCdpCommand(
        "Page.addScriptToEvaluateOnNewDocument",
        Map.of(
            "source",
            "window.__errors = [];"
                + " addEventListener('error', (e) => window.__errors.push(String(e.message)));"
                + " addEventListener('unhandledrejection',"
                + " (e) => window.__errors.push(String(e.reason)));"));
    return browser;
  }

  /** The uncaught errors of the page now open, since it loaded. */
  @SuppressWarnings("unchecked")
  public static List<String> errors(ChromeDriver browser) {
    Object errors = browser.executeScript("return window.__errors || [];");
    return (List<String>) errors;
  }

  /** One page load as the browser timed and counted it; the SSE stream is not among the files. */
  public record Load(
      double firstPaintMs,
      double firstContentfulPaintMs,
      double domContentLoadedMs,
      long transferred,
      long decoded,
      List<Map<String, Object>> files) {

    public List<String> paths() {
      List<String> out = new ArrayList<>();
      files.forEach(f -> out.add((String) f.get("name")));
      return out;
    }

    public void print(String tag) {
      for (Map<String, Object> f : files) {
        System.out.printf(
            "%s %-48s transferred %6d B, body %6d B (%6d B decoded)%n",
            tag, f.get("name"), f.get("transfer"), f.get("encoded"), f.get("decoded"));
      }
      System.out.printf(
          "%s first paint %.0f ms, first contentful paint %.0f ms, DOMContentLoaded %.0f ms; page"
              + " %.1f kB transferred (%.1f kB decoded) in %d requests, the SSE stream not counted%n",
          tag,
          firstPaintMs,
          firstContentfulPaintMs,
          domContentLoadedMs,
          transferred / 1024.0,
          decoded / 1024.0,
          files.size());
    }
  }

  /**
   * Loads {@code url} in a fresh page and reads the browser's own navigation, paint and resource
   * timings once the page's scripts have run. The cache is cleared first, so every file counts.
   */
  @SuppressWarnings("unchecked")
  public static Load measure(ChromeDriver browser, String url) throws Exception {
    browser.executeCdpCommand("Network.enable", Map.of());
    browser.executeCdpCommand("Network.clearBrowserCache", Map.of());
    browser.get(url);
    // the paint entries appear once the browser has painted, which may be after the load event
    Poll.untilTrue(
        "the page's first contentful paint",
        Duration.ofSeconds(30),
        () ->
            (Boolean)
                ((JavascriptExecutor) browser)
                    .executeScript(
                        "return performance.getEntriesByName('first-contentful-paint').length > 0;"));
    Map<String, Object> perf =
        (Map<String, Object>)
            ((JavascriptExecutor) browser)
                .executeScript(
                    """
                    const nav = performance.getEntriesByType('navigation')[0];
                    const paint = {};
                    performance.getEntriesByType('paint').forEach((p) => paint[p.name] = p.startTime);
                    const files = [nav].concat(performance.getEntriesByType('resource')).map((r) => ({
                      name: new URL(r.name).pathname, transfer: r.transferSize,
                      encoded: r.encodedBodySize, decoded: r.decodedBodySize }));
                    return { firstPaint: paint['first-paint'] ?? -1,
                      firstContentfulPaint: paint['first-contentful-paint'] ?? -1,
                      domContentLoaded: nav.domContentLoadedEventEnd, files: files };
                    """);
    List<Map<String, Object>> files = (List<Map<String, Object>>) perf.get("files");
    long transferred = 0;
    long decoded = 0;
    for (Map<String, Object> f : files) {
      transferred += ((Number) f.get("transfer")).longValue();
      decoded += ((Number) f.get("decoded")).longValue();
    }
    return new Load(
        ((Number) perf.get("firstPaint")).doubleValue(),
        ((Number) perf.get("firstContentfulPaint")).doubleValue(),
        ((Number) perf.get("domContentLoaded")).doubleValue(),
        transferred,
        decoded,
        files);
  }

  /**
   * The whole page as a PNG: to {@code docs/<name>} with {@code -Dcorridor.screenshot.update=true}
   * (so a plain test run leaves the work tree clean), otherwise to {@code console/target/<name>}.
   */
  public static Path screenshot(ChromeDriver browser, String name) throws IOException {
    // captureBeyondViewport through chromedriver's CDP endpoint; resizing the headless window
    // takes effect only some time later, and the picture must not depend on when
    JavascriptExecutor js = browser;
    long width = (Long) js.executeScript("return document.documentElement.scrollWidth;");
    long height = (Long) js.executeScript("return document.documentElement.scrollHeight;");
    Map<String, Object> shot =
        browser.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of(
                "format",
                "png",
                "captureBeyondViewport",
                true,
                "clip",
                Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    byte[] png = Base64.getDecoder().decode((String) shot.get("data"));
    assertThat(png).as("a PNG").startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    Path out =
        Boolean.getBoolean("corridor.screenshot.update")
            ? projectDir().resolve("docs").resolve(name)
            : projectDir().resolve("console").resolve("target").resolve(name);
    Files.createDirectories(out.getParent());
    Files.write(out, png);
    System.out.printf("[browser] screenshot %s (%d kB)%n", out, png.length / 1024);
    return out;
  }

  /**
   * The repository's top directory: the parent pom passes it to tests; from the module directory it
   * is one up. Checked by a file only the top has.
   */
  private static Path projectDir() {
    String given = System.getProperty("corridor.project.dir");
    Path top = given != null && !given.isBlank() ? Path.of(given) : Path.of("..");
    if (!Files.isDirectory(top.resolve("docs")) || !Files.exists(top.resolve("console/pom.xml"))) {
      top = Path.of("..");
    }
    assertThat(top.resolve("docs")).as("the repository's docs directory").isDirectory();
    return top.toAbsolutePath().normalize();
  }
}
