package io.linstorcsi.controller.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.linstorcsi.common.CsiError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VolumeIdTest {

  @ParameterizedTest
  @CsvSource({
    "pvc-1234, pvc-1234, 0",
    "pvc-1234/0, pvc-1234, 0",
    "pvc-1234/7, pvc-1234, 7",
    "cg-abc/65535, cg-abc, 65535"
  })
  void parse_readsGoDriverFormat(String id, String resource, int volume) {
    VolumeId parsed = VolumeId.parse(id);
    assertThat(parsed.resourceName()).isEqualTo(resource);
    assertThat(parsed.volumeNumber()).isEqualTo(volume);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/1", "pvc-1/x", "pvc-1/-1", "pvc-1/65536", "pvc-1/1/2"})
  void parse_withMalformedId_isInvalidArgument(String id) {
    assertThatThrownBy(() -> VolumeId.parse(id))
        .isInstanceOfSatisfying(
            CsiError.class, e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void toString_omitsVolumeZero_andRoundTrips() {
    assertThat(VolumeId.of("pvc-1").toString()).isEqualTo("pvc-1");
    assertThat(new VolumeId("pvc-1", 3).toString()).isEqualTo("pvc-1/3");
    assertThat(VolumeId.parse(new VolumeId("pvc-1", 3).toString()))
        .isEqualTo(new VolumeId("pvc-1", 3));
  }

  @Test
  void forRequest_keepsValidCsiNames() {
    String pv = "pvc-3a6e2bb4-5a3c-4cdb-8b4b-1c5a5f3e9d21";
    assertThat(VolumeId.forRequest(pv, false, "", "")).isEqualTo(VolumeId.of(pv));
  }

  @Test
  void forRequest_withInvalidName_derivesStableVolPrefixedName() {
    VolumeId a = VolumeId.forRequest("1-starts-with-digit", false, "", "");
    VolumeId b = VolumeId.forRequest("1-starts-with-digit", false, "", "");
    assertThat(a).isEqualTo(b);
    assertThat(a.resourceName())
        .matches("vol-[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(LinstorNames.isValid(a.resourceName())).isTrue();
    assertThat(VolumeId.forRequest("other name", false, "", "")).isNotEqualTo(a);
  }

  @Test
  void forRequest_withUsePvcName_takesNamespaceAndName() {
    assertThat(VolumeId.forRequest("pvc-1", true, "default", "data"))
        .isEqualTo(VolumeId.of("default-data"));
    // Without the coordinates (no --extra-create-metadata) the request name is used.
    assertThat(VolumeId.forRequest("pvc-1", true, "", "")).isEqualTo(VolumeId.of("pvc-1"));
    // An invalid combination (dots are not allowed) falls back to the request name.
    assertThat(VolumeId.forRequest("pvc-1", true, "ns", "data.v1")).isEqualTo(VolumeId.of("pvc-1"));
  }

  @ParameterizedTest
  @CsvSource({
    "pvc-1, true",
    "_x1, true",
    "a, false",
    "all, false",
    "1abc, false",
    "___, false",
    "has.dot, false",
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuv, true",
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvw, false"
  })
  void linstorNames_followLinstorRules(String name, boolean valid) {
    assertThat(LinstorNames.isValid(name)).isEqualTo(valid);
  }

  @Test
  void nameUuid_matchesRfc4122Version5Vector() {
    // uuid5(NAMESPACE_DNS, "python.org") from RFC 4122 implementations.
    byte[] dns = java.util.HexFormat.of().parseHex("6ba7b8109dad11d180b400c04fd430c8");
    assertThat(NameUuid.of(dns, "python.org".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isEqualTo("886313e1-3b8a-5372-9b90-0c9aee199e5d");
  }
}
