package io.linstorcsi.driver.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({"26h,PT26H", "90m,PT1H30M", "2d,PT48H", "1d6h,PT30H", "45s,PT45S", "1h30m,PT1H30M"})
  void parse_acceptsDaysHoursMinutesSeconds(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"off", "OFF", "0"})
  void parse_offIsNull(String text) {
    assertThat(Durations.parse(text)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "26", "h", "26x", "1h 30m", "-1h", "0h", "26h!"})
  void parse_rejectsAnythingElse_quotingIt(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @ParameterizedTest
  @CsvSource({
    "PT0S,0s",
    "PT45S,45s",
    "PT42M10S,42m10s",
    "PT5H12M,5h12m",
    "PT76H,3d4h",
    "PT48H,2d",
    "PT26H10M30S,1d2h10m"
  })
  void format_showsMinutesOrSecondsAsTheSmallestUnit(Duration d, String expected) {
    assertThat(Durations.format(d)).isEqualTo(expected);
  }
}
