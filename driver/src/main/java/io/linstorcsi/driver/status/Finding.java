package io.linstorcsi.driver.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One abnormal thing, with a one-line reason and what to do about it.
 *
 * @param object what is abnormal, for people: "node node-c", "resource pvc-1 on node-b"
 * @param resource the LINSTOR resource concerned, or null; used to find its Kubernetes workload
 * @param node the node concerned, or null
 * @param workload who uses the resource in Kubernetes, or null when unknown or not looked up
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Finding(
    Severity severity,
    String object,
    String reason,
    String action,
    String resource,
    String node,
    KubernetesUsers.Workload workload) {

  Finding {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(action, "action");
  }

  static Finding forNode(Severity severity, String node, String reason, String action) {
    return new Finding(severity, "node " + node, reason, action, null, node, null);
  }

  static Finding forReplica(
      Severity severity, String resource, String node, String reason, String action) {
    return new Finding(
        severity, "resource " + resource + " on " + node, reason, action, resource, node, null);
  }

  static Finding forResource(Severity severity, String resource, String reason, String action) {
    return new Finding(severity, "resource " + resource, reason, action, resource, null, null);
  }

  /** The same finding about a more precise object (still tied to the same resource). */
  Finding withObject(String newObject) {
    return new Finding(severity, newObject, reason, action, resource, node, workload);
  }

  Finding withWorkload(KubernetesUsers.Workload users) {
    return new Finding(severity, object, reason, action, resource, node, users);
  }
}
