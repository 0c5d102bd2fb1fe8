package org.corridorwatch.console.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Unit test: the bridge's settings refuse what cannot be Alertmanager and keep route prefixes. */
class AlertmanagerSettingsTest {

  @Test
  void defaultsPointAtTheLocalStacksAlertmanagerOnLoopback() {
    AlertmanagerSettings s = AlertmanagerSettings.defaults();

    assertThat(s.alertsEndpoint()).isEqualTo(URI.create("http://127.0.0.1:9394/api/v2/alerts"));
    assertThat(s.resendInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.firingLease()).isEqualTo(Duration.ofSeconds(180));
  }

  @Test
  void keepsARoutePrefixWithOrWithoutTrailingSlash() {
    assertThat(AlertmanagerSettings.defaults().withUrl(URI.create("https://am.example/am")))
        .extracting(AlertmanagerSettings::alertsEndpoint)
        .isEqualTo(URI.create("https://am.example/am/api/v2/alerts"));
    assertThat(AlertmanagerSettings.defaults().withUrl(URI.create("http://127.0.0.1:1/am/")))
        .extracting(AlertmanagerSettings::alertsEndpoint)
        .isEqualTo(URI.create("http://127.0.0.1:1/am/api/v2/alerts"));
  }

  @Test
  void refusesANonHttpUrlSayingWhatItExpects() {
    for (String bad : new String[] {"ftp://127.0.0.1:9394", "file:///tmp/am", "127.0.0.1:9394"}) {
      assertThatThrownBy(() -> AlertmanagerSettings.parseUrl(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("http:// or https://")
          .hasMessageContaining(bad);
    }
    assertThatThrownBy(
            () -> AlertmanagerSettings.defaults().withUrl(URI.create("ws://127.0.0.1:9394")))
        .hasMessageContaining("must start with http:// or https://");
  }

  @Test
  void refusesAUrlWithoutHostOrThatIsNoUrlAtAll() {
    assertThatThrownBy(() -> AlertmanagerSettings.parseUrl("http:///api"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names no host");
    assertThatThrownBy(() -> AlertmanagerSettings.parseUrl("http://127.0.0.1:9394/a b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a URL");
  }

  @Test
  void acceptsHttpAndHttpsInAnyCase() {
    assertThat(AlertmanagerSettings.parseUrl(" HTTP://127.0.0.1:9394 ").getPort()).isEqualTo(9394);
    assertThat(AlertmanagerSettings.parseUrl("https://127.0.0.1").getScheme()).isEqualTo("https");
  }

  @Test
  void refusesNonsenseIntervals() {
    AlertmanagerSettings s = AlertmanagerSettings.defaults();
    assertThatThrownBy(() -> s.withResendInterval(Duration.ZERO))
        .hasMessageContaining("resendInterval");
    assertThatThrownBy(
            () ->
                s.withRetries(
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(9)))
        .hasMessageContaining("maxBackoff");
  }
}
