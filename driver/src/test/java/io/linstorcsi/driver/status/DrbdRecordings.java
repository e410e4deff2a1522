package io.linstorcsi.driver.status;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.linstorcsi.linstor.model.Node;
import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.ResourceGroup;
import io.linstorcsi.linstor.model.ResourceWithVolumes;
import io.linstorcsi.linstor.model.StoragePool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Cluster snapshots made of real LINSTOR 1.33.3 answers with DRBD 9.3.3 underneath, from {@code
 * ../shared/reference/linstor-drbd-recordings} beside the repository: the nodes and pools of file
 * 01 with the {@code /v1/view/resources} answer of one record. Missing recordings fail the test:
 * they are its input.
 */
final class DrbdRecordings {
  private static final Path RELATIVE = Path.of("shared", "reference", "linstor-drbd-recordings");
  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private DrbdRecordings() {}

  /** The cluster as LINSTOR showed it in record {@code seq} (a {@code /v1/view/resources}). */
  static ClusterSnapshot snapshotAt(int seq) {
    List<Node> nodes = read(body(2), new TypeReference<>() {});
    List<StoragePool> pools = read(body(3), new TypeReference<>() {});
    List<ResourceWithVolumes> resources = read(body(seq), new TypeReference<>() {});
    // The resource group of every recorded definition: rec-rg, place_count 2 (02-spawn-sync)
    ResourceGroup group = read(body(10), new TypeReference<>() {});
    List<ResourceDefinition> definitions =
        resources.stream()
            .map(ResourceWithVolumes::name)
            .distinct()
            .map(DrbdRecordings::definition)
            .toList();
    return new ClusterSnapshot(nodes, pools, resources, definitions, List.of(group));
  }

  // Every recorded RD had these props once deployed on the two nodes (e.g. 02 seq 17).
  private static ResourceDefinition definition(String name) {
    return new ResourceDefinition(
        name,
        null,
        java.util.Map.of("DrbdOptions/Resource/quorum", "off"),
        null,
        null,
        null,
        "rec-rg",
        null);
  }

  private static <T> T read(JsonNode node, TypeReference<T> type) {
    return JSON.convertValue(node, type);
  }

  private static JsonNode body(int seq) {
    try (Stream<Path> files = Files.list(dir())) {
      for (Path file : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(file)) {
          JsonNode record = JSON.readTree(line);
          if (record.path("seq").asInt() == seq) {
            return record.path("response").path("body");
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("no record " + seq + " in " + dir());
  }

  private static Path dir() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve(RELATIVE);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("LINSTOR DRBD recordings not found: keep ../shared beside the clone");
  }
}
