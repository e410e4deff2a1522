package io.linstorcsi.e2e;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kubernetes side of the cluster: the sidecars of the controller pod and one kubelet per node,
 * sharing one record of what is set up, and the usual sequences of a pod's start and stop.
 */
final class Kubernetes {
  private final Undo undo = new Undo();
  private final DriverFacts facts;
  private final Provisioner provisioner;
  private final Attacher attacher;
  private final Resizer resizer;
  private final Snapshotter snapshotter;
  private final GroupSnapshotter groupSnapshotter;
  private final Map<String, Kubelet> kubelets = new LinkedHashMap<>();

  Kubernetes(Cluster cluster) {
    this.facts = new DriverFacts(cluster);
    this.provisioner = new Provisioner(cluster, facts, undo);
    this.attacher = new Attacher(cluster, facts, undo);
    this.resizer = new Resizer(cluster);
    this.snapshotter = new Snapshotter(cluster, undo);
    this.groupSnapshotter = new GroupSnapshotter(cluster, undo);
    for (String node : cluster.nodes()) {
      kubelets.put(node, new Kubelet(cluster, node, undo));
    }
  }

  Undo undo() {
    return undo;
  }

  DriverFacts facts() {
    return facts;
  }

  Provisioner provisioner() {
    return provisioner;
  }

  Attacher attacher() {
    return attacher;
  }

  Resizer resizer() {
    return resizer;
  }

  Snapshotter snapshotter() {
    return snapshotter;
  }

  GroupSnapshotter groupSnapshotter() {
    return groupSnapshotter;
  }

  Kubelet kubelet(String node) {
    Kubelet k = kubelets.get(node);
    if (k == null) {
      throw new IllegalArgumentException("no node " + node);
    }
    return k;
  }

  /** A pod using the PV starts on {@code node}: attach, stage, publish. */
  Published startPod(Pv pv, String node) {
    Attachment a = attacher.attach(pv, node);
    Staged s = kubelet(node).stage(a);
    return kubelet(node).publish(s);
  }

  /** The pod (the last one using the PV on its node) stops: unpublish, unstage, detach. */
  void stopPod(Published p) {
    Kubelet k = kubelet(p.node());
    k.unpublish(p);
    k.unstage(p.staged());
    attacher.detach(p.staged().attachment());
  }
}
