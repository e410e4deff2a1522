package io.linstorcsi.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linstorcsi.common.CsiError;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumeOptionsTest {
  @Test
  void theStorageClassKeys_areRead_caseInsensitively_withOrWithoutNamespace() {
    VolumeOptions o =
        VolumeOptions.parse(
            Map.of(
                "linstor.csi.linbit.com/FSOPTS", "-m 0  -L data",
                "mountOpts", "noatime,nodev",
                "linstor.csi.linbit.com/postmountxfsopts", "extsize 2m",
                "csi.storage.k8s.io/pv/name", "pv-1"));

    assertThat(o.fsOpts()).containsExactly("-m", "0", "-L", "data");
    assertThat(o.mountOpts()).containsExactly("noatime", "nodev");
    assertThat(o.postMountXfsOpts()).contains("extsize 2m");
  }

  @Test
  void theGoDriversVolumeContextKeys_areRead_too() {
    VolumeOptions o =
        VolumeOptions.parse(
            Map.of(
                VolumeContextKeys.GO_MOUNT_OPTIONS,
                "noatime",
                VolumeContextKeys.GO_POST_MOUNT_XFS_OPTS,
                "extsize 1m",
                "linstor.csi.linbit.com/uses-volume-context",
                "true"));

    assertThat(o.mountOpts()).containsExactly("noatime");
    assertThat(o.postMountXfsOpts()).contains("extsize 1m");
  }

  @Test
  void otherNamespaces_doNotCount() {
    VolumeOptions o = VolumeOptions.parse(Map.of("example.com/fsOpts", "-m 0"));

    assertThat(o).isEqualTo(VolumeOptions.NONE);
  }

  @Test
  void mkfsArgumentsNamingPaths_areRefused() {
    assertThatThrownBy(() -> VolumeOptions.parse(Map.of("fsOpts", "-E root_owner -d /etc")))
        .isInstanceOf(CsiError.class)
        .hasMessageContaining("/etc");
  }

  @Test
  void fsOpts_asTheControllerWritesThem_areRead() {
    VolumeOptions o = VolumeOptions.parse(Map.of("linstor.csi.linbit.com/fs-opts", "-m 0 -L data"));
    assertThat(o.fsOpts()).containsExactly("-m", "0", "-L", "data");
  }
}
