package io.linstorcsi.controller.it;

import static io.linstorcsi.controller.it.ControllerHarness.GIB;
import static io.linstorcsi.controller.it.ControllerHarness.newName;
import static org.assertj.core.api.Assertions.assertThat;

import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.ResourceGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
  static ControllerHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = ControllerHarness.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @Test
  void hundredCreatesThenHundredDeletesInParallel_allSucceed_andLeaveNothing() throws Exception {
    Set<String> before =
        Set.copyOf(
            h.client.resourceDefinitions().list().stream().map(ResourceDefinition::name).toList());
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      names.add(newName());
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
      List<Future<String>> creates = new ArrayList<>();
      for (String n : names) {
        creates.add(pool.submit(() -> h.create(n, GIB).getVolume().getVolumeId()));
      }
      List<String> ids = new ArrayList<>();
      for (Future<String> f : creates) {
        ids.add(f.get());
      }
      assertThat(ids).containsExactlyInAnyOrderElementsOf(names);
      List<ResourceDefinition> made = h.client.resourceDefinitions().list();
      assertThat(made.stream().map(ResourceDefinition::name)).containsAll(names);
      List<Future<?>> deletes = new ArrayList<>();
      for (String id : ids) {
        deletes.add(pool.submit(() -> h.delete(id)));
      }
      for (Future<?> f : deletes) {
        f.get();
      }
    }
    assertThat(h.client.resourceDefinitions().list().stream().map(ResourceDefinition::name))
        .containsExactlyInAnyOrderElementsOf(before);
    if (h.target.emulator() != null) {
      // The emulator started empty: the generated group went with its last volume.
      assertThat(h.client.resourceGroups().list().stream().map(ResourceGroup::name))
          .noneMatch(n -> n.startsWith("sc-"));
    }
  }
}
