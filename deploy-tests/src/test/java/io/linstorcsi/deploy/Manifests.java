package io.linstorcsi.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Multi-document YAML to fabric8 objects, one per document. */
final class Manifests {
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---[ \\t]*$");

  private Manifests() {}

  /**
   * Parses every non-empty document. A kind that fabric8 has a model for becomes that model (a
   * wrong type fails here); any other kind becomes a {@link GenericKubernetesResource}.
   */
  static List<HasMetadata> parse(String yaml, String origin) {
    List<HasMetadata> out = new ArrayList<>();
    int index = 0;
    for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
      index++;
      if (isEmpty(document)) {
        continue;
      }
      KubernetesResource parsed;
      try {
        parsed = SERIALIZATION.unmarshal(document, KubernetesResource.class);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            origin + ", document " + index + ": " + e.getMessage() + "\n" + document, e);
      }
      if (!(parsed instanceof HasMetadata object)) {
        throw new IllegalArgumentException(
            origin + ", document " + index + " is not a Kubernetes object:\n" + document);
      }
      out.add(object);
    }
    return out;
  }

  static List<HasMetadata> parse(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String describe(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    return object.getKind()
        + " "
        + (namespace == null ? "" : namespace + "/")
        + object.getMetadata().getName();
  }

  private static boolean isEmpty(String document) {
    return document.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"));
  }
}
