package io.linstorcsi.controller.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linstorcsi.common.CsiError;
import org.junit.jupiter.api.Test;

class ConsistencyGroupTest {
  @Test
  void resourceName_isTheGoDriversName() {
    // the Go driver's ConsistencyGroupResourceName("app", "db"): SHA-1 over the bytes of
    // "linstor.csi.linbit.com" then "app/db", as a version 5 UUID (computed independently)
    assertThat(new ConsistencyGroup("app", "db").resourceName())
        .isEqualTo("cg-20ab34a1-3a8c-5f30-a5df-8b9b49a72b38");
  }

  @Test
  void sameNameInAnotherNamespace_isAnotherDefinition() {
    assertThat(new ConsistencyGroup("a", "db").resourceName())
        .isNotEqualTo(new ConsistencyGroup("b", "db").resourceName());
  }

  @Test
  void emptyLabel_isInvalidArgument() {
    assertThatThrownBy(() -> new ConsistencyGroup("app", ""))
        .isInstanceOf(CsiError.class)
        .hasMessageContaining(ConsistencyGroup.LABEL);
  }
}
