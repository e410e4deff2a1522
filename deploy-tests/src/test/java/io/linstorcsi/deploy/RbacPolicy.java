package io.linstorcsi.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.linstorcsi.deploy.RbacAllowList.Permission;
import io.linstorcsi.deploy.Workloads.PodOf;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The RBAC part of {@link DeploymentPolicy}: each ServiceAccount is granted exactly what the
 * containers of its pods need ({@link RbacAllowList}); no wildcards; every binding refers to a role
 * and a ServiceAccount that exist. The one exception to "exactly what its containers need" is the
 * operator's choice of secrets the snapshotter reads (the classes name them, not the containers):
 * those grants must be {@code get} of named secrets in one namespace, to an account whose pods run
 * the snapshotter, and nothing else may name resources.
 */
final class RbacPolicy {
  private final Workloads workloads;
  private final List<String> violations = new ArrayList<>();

  /** "namespace/name" of each ServiceAccount to what it is granted. */
  private final Map<String, Set<Permission>> granted = new TreeMap<>();

  /** "namespace/name" of each ServiceAccount to what its containers need. */
  private final Map<String, Set<Permission>> needed = new TreeMap<>();

  /** "namespace/name" of each ServiceAccount granted reads of named secrets, to where it is. */
  private final Map<String, String> secretReaders = new TreeMap<>();

  /** "namespace/name" of each ServiceAccount whose pods run the snapshotter. */
  private final Set<String> snapshotterAccounts = new HashSet<>();

  private RbacPolicy(List<HasMetadata> objects) {
    this.workloads = new Workloads(objects);
  }

  static List<String> violations(List<HasMetadata> objects) {
    RbacPolicy policy = new RbacPolicy(objects);
    policy.collectAccounts();
    policy.collectGrants();
    policy.collectNeeds();
    policy.compare();
    return policy.violations;
  }

  private void collectAccounts() {
    for (ServiceAccount sa : workloads.all(ServiceAccount.class).toList()) {
      String account = key(sa.getMetadata().getNamespace(), sa.getMetadata().getName());
      granted.put(account, new HashSet<>());
      needed.put(account, new HashSet<>());
    }
  }

  private void collectGrants() {
    for (ClusterRoleBinding b : workloads.all(ClusterRoleBinding.class).toList()) {
      String where = "ClusterRoleBinding " + b.getMetadata().getName();
      grant(b.getSubjects(), null, rules(b.getRoleRef(), null, where), where);
    }
    for (RoleBinding b : workloads.all(RoleBinding.class).toList()) {
      String namespace = b.getMetadata().getNamespace();
      String where = "RoleBinding " + namespace + "/" + b.getMetadata().getName();
      grant(b.getSubjects(), namespace, rules(b.getRoleRef(), namespace, where), where);
    }
  }

  private void collectNeeds() {
    for (PodOf pod : workloads.pods()) {
      if (pod.owner().startsWith("Pod ")) {
        continue; // example workloads run with their namespace's default account
      }
      String account =
          key(
              pod.namespace(),
              Optional.ofNullable(pod.spec().getServiceAccountName()).orElse("default"));
      Set<Permission> needs = needed.get(account);
      if (needs == null) {
        violations.add(pod.owner() + ": ServiceAccount " + account + " is not defined");
        continue;
      }
      for (Container c : pod.allContainers()) {
        needs.addAll(RbacAllowList.needs(c, pod.namespace()));
        if (c.getName().equals("csi-snapshotter")) {
          snapshotterAccounts.add(account);
        }
      }
      if (needs.isEmpty() && !Boolean.FALSE.equals(pod.spec().getAutomountServiceAccountToken())) {
        violations.add(
            pod.owner() + ": needs no API access, so automountServiceAccountToken must be false");
      }
    }
  }

  private void compare() {
    secretReaders.forEach(
        (account, where) -> {
          if (!snapshotterAccounts.contains(account)) {
            violations.add(
                where
                    + ": lets ServiceAccount "
                    + account
                    + " read secrets, but none of its pods runs csi-snapshotter");
          }
        });
    for (String account : granted.keySet()) {
      Set<Permission> excess = new HashSet<>(granted.get(account));
      excess.removeAll(needed.get(account));
      Set<Permission> missing = new HashSet<>(needed.get(account));
      missing.removeAll(granted.get(account));
      excess.stream()
          .map(
              p ->
                  "ServiceAccount "
                      + account
                      + " is granted "
                      + p
                      + ", which none of its containers needs")
          .sorted()
          .forEach(violations::add);
      missing.stream()
          .map(p -> "ServiceAccount " + account + " lacks " + p + ", which its containers need")
          .sorted()
          .forEach(violations::add);
    }
  }

  private List<PolicyRule> rules(RoleRef ref, String bindingNamespace, String where) {
    Optional<List<PolicyRule>> rules =
        switch (ref.getKind()) {
          case "ClusterRole" ->
              workloads.find(ClusterRole.class, ref.getName()).map(ClusterRole::getRules);
          case "Role" ->
              workloads
                  .all(Role.class)
                  .filter(r -> r.getMetadata().getName().equals(ref.getName()))
                  .filter(r -> r.getMetadata().getNamespace().equals(bindingNamespace))
                  .findFirst()
                  .map(Role::getRules);
          default -> Optional.empty();
        };
    if (rules.isEmpty()) {
      violations.add(where + ": refers to a missing " + ref.getKind() + " " + ref.getName());
      return List.of();
    }
    for (PolicyRule r : rules.get()) {
      List<String> all = new ArrayList<>(r.getApiGroups());
      all.addAll(r.getResources());
      all.addAll(r.getVerbs());
      if (all.contains("*")) {
        violations.add(where + ": wildcard in rule " + r);
      }
      if (names(r) && !namedSecretGet(r, bindingNamespace)) {
        violations.add(
            where
                + ": resourceNames are expected only in a namespaced rule granting get of"
                + " secrets, not in "
                + r);
      }
    }
    return rules.get();
  }

  private void grant(
      List<Subject> subjects, String namespace, List<PolicyRule> rules, String where) {
    for (Subject s : Optional.ofNullable(subjects).orElse(List.of())) {
      String account = key(s.getNamespace(), s.getName());
      if (!"ServiceAccount".equals(s.getKind()) || !granted.containsKey(account)) {
        violations.add(
            where + ": binds " + s.getKind() + " " + account + ", which is not defined here");
        continue;
      }
      for (PolicyRule r : rules) {
        if (names(r)) {
          secretReaders.put(account, where);
          continue;
        }
        for (String group : r.getApiGroups()) {
          for (String resource : r.getResources()) {
            for (String verb : r.getVerbs()) {
              granted.get(account).add(new Permission(namespace, group, resource, verb));
            }
          }
        }
      }
    }
  }

  private static boolean names(PolicyRule r) {
    return r.getResourceNames() != null && !r.getResourceNames().isEmpty();
  }

  /** A rule of a RoleBinding's Role that lets its subjects get named secrets and nothing more. */
  private static boolean namedSecretGet(PolicyRule r, String bindingNamespace) {
    return bindingNamespace != null
        && r.getApiGroups().equals(List.of(""))
        && r.getResources().equals(List.of("secrets"))
        && r.getVerbs().equals(List.of("get"));
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
