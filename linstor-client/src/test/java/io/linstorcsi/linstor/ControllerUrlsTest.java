package io.linstorcsi.linstor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** LS_CONTROLLERS entries as golinstor reads them. */
class ControllerUrlsTest {

  @ParameterizedTest(name = "{0} (tls {1}) -> {2}")
  @CsvSource({
    "ctrl, false, http://ctrl:3370",
    "ctrl, true, https://ctrl:3371",
    "ctrl:4000, false, http://ctrl:4000",
    "ctrl:4000, true, https://ctrl:4000",
    "http://ctrl, true, http://ctrl:3370",
    "https://ctrl, false, https://ctrl:3371",
    "linstor://ctrl, false, http://ctrl:3370",
    "linstor+ssl://ctrl, false, https://ctrl:3371",
    "HTTPS://ctrl:443, false, https://ctrl:443",
    "' 10.0.0.5 ', false, http://10.0.0.5:3370",
    "[::1], false, http://[::1]:3370",
    "[fd00::5]:4000, true, https://[fd00::5]:4000",
    "::1, false, http://[::1]:3370",
    "http://ctrl:3370/, false, http://ctrl:3370",
    "https://proxy/linstor, false, https://proxy:3371/linstor",
  })
  void entry_getsSchemeAndPortDefaults(String entry, boolean tls, String expected) {
    assertThat(ControllerUrls.parse(entry, tls)).isEqualTo(URI.create(expected));
  }

  @ParameterizedTest
  @CsvSource({"ftp://ctrl", "ctrl:0", "ctrl:70000", "ctrl:abc", "http://", "[::1"})
  void malformedEntry_isRefused(String entry) {
    assertThatThrownBy(() -> ControllerUrls.parse(entry, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(entry.trim());
  }

  @Test
  void list_skipsBlanks_andKeepsOrder() {
    assertThat(ControllerUrls.parseList("a, b:1,,https://c", false))
        .containsExactly(
            URI.create("http://a:3370"), URI.create("http://b:1"), URI.create("https://c:3371"));
    assertThatThrownBy(() -> ControllerUrls.parseList(" , ", false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retryBackoff_doublesUpToTheCap() {
    RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(350));
    assertThat(policy.backoff(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.backoff(3)).isEqualTo(Duration.ofMillis(350));
    assertThat(policy.backoff(60)).isEqualTo(Duration.ofMillis(350));
  }
}
