package org.corridorwatch.console.testing;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Reads the page through the DOM, each in one script: the dashboard re-renders whole sections, so a
 * held WebElement can go stale between finding it and reading it.
 */
public final class Dom {
  private Dom() {}

  public static String text(WebDriver browser, String css) {
    return (String)
        js(
            browser,
            "const e = document.querySelector(arguments[0]); return e && e.textContent;",
            css);
  }

  public static String attribute(WebDriver browser, String css, String name) {
    return (String)
        js(
            browser,
            "const e = document.querySelector(arguments[0]); return e && e.getAttribute(arguments[1]);",
            css,
            name);
  }

  public static long count(WebDriver browser, String css) {
    return (Long) js(browser, "return document.querySelectorAll(arguments[0]).length;", css);
  }

  public static Object js(WebDriver browser, String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }
}
