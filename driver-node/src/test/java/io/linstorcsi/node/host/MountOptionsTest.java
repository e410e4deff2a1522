package io.linstorcsi.node.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.linstorcsi.common.CsiError;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MountOptionsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "ro",
        "noatime",
        "nosuid",
        "nodev",
        "noexec",
        "discard",
        "nouuid",
        "_netdev",
        "data=ordered",
        "errors=remount-ro",
        "commit=30",
        "logbsize=256k",
        "allocsize=64m",
        "journal_ioprio=3",
        "context=system_u:object_r:container_file_t:s0",
        "context=\"system_u:object_r:container_file_t:s0:c12,c34\""
      })
  void safeOptions_areAllowed(String option) {
    assertThat(MountOptions.check("test", List.of(option))).containsExactly(option);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "exec",
        "suid",
        "dev",
        "user",
        "users",
        "owner",
        "loop",
        "remount",
        "bind",
        "rbind",
        "x-systemd.automount",
        "x-mount.mkdir",
        "helper=udisks2",
        "offset=0",
        "sizelimit=1",
        "errors=panic",
        "data=foo",
        "commit=1s",
        "commit=-1",
        "logbsize=1t",
        "context=a,b",
        "context=\"a b\"",
        "uid=0",
        "nosuid,exec",
        "",
        "noatime ",
        "ro\nexec"
      })
  void everythingElse_isInvalidArgument_namingTheOption(String option) {
    assertThatThrownBy(() -> MountOptions.check("volume_capability", List.of("noatime", option)))
        .isInstanceOfSatisfying(
            CsiError.class,
            e -> {
              assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getMessage()).contains("'" + option + "'").contains("volume_capability");
            });
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "noatime,nodev|noatime;nodev",
        "noatime|noatime",
        " noatime , nodev |noatime;nodev",
        "context=\"a:b:c,d\",noatime|context=\"a:b:c,d\";noatime",
        "noatime,,nodev|noatime;;nodev"
      })
  void fstabStrings_splitAtCommasOutsideQuotes(String input, String expected) {
    assertThat(MountOptions.split(input)).containsExactly(expected.split(";", -1));
  }
}
