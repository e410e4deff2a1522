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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The RBAC part of {@link DeploymentPolicy}: least privilege per ServiceAccount. */
final class RbacPolicy {
  private RbacPolicy() {}

  /**
   * Each ServiceAccount is granted exactly what the containers of its pods need ({@link
   * RbacAllowList}); no wildcards; every binding refers to a role that exists.
   */
  static List<String> violations(List<HasMetadata> objects) {
    List<String> out = new ArrayList<>();
    Workloads workloads = new Workloads(objects);
    Map<String, ServiceAccount> accounts = new java.util.TreeMap<>();
    workloads
        .all(ServiceAccount.class)
        .forEach(
            sa ->
                accounts.put(key(sa.getMetadata().getNamespace(), sa.getMetadata().getName()), sa));
    Map<String, Set<Permission>> granted = new java.util.TreeMap<>();
    Map<String, Set<Permission>> needed = new java.util.TreeMap<>();
    accounts
        .keySet()
        .forEach(
            k -> {
              granted.put(k, new TreeSet<>(java.util.Comparator.comparing(Permission::toString)));
              needed.put(k, new TreeSet<>(java.util.Comparator.comparing(Permission::toString)));
            });

    for (ClusterRoleBinding b : workloads.all(ClusterRoleBinding.class).toList()) {
      List<PolicyRule> rules =
          rules(
              workloads,
              b.getRoleRef(),
              null,
              out,
              "ClusterRoleBinding " + b.getMetadata().getName());
      grant(
          b.getSubjects(),
          null,
          rules,
          granted,
          out,
          "ClusterRoleBinding " + b.getMetadata().getName());
    }
    for (RoleBinding b : workloads.all(RoleBinding.class).toList()) {
      String ns = b.getMetadata().getNamespace();
      List<PolicyRule> rules =
          rules(
              workloads,
              b.getRoleRef(),
              ns,
              out,
              "RoleBinding " + ns + "/" + b.getMetadata().getName());
      grant(
          b.getSubjects(),
          ns,
          rules,
          granted,
          out,
          "RoleBinding " + ns + "/" + b.getMetadata().getName());
    }
    for (PodOf pod : workloads.pods()) {
      String sa = Optional.ofNullable(pod.spec().getServiceAccountName()).orElse("default");
      String k = key(pod.namespace(), sa);
      if (!accounts.containsKey(k)) {
        if (pod.owner().startsWith("Pod ")) {
          continue; // example workloads use their namespace's default account
        }
        out.add(pod.owner() + ": ServiceAccount " + k + " is not defined");
        continue;
      }
      for (Container c : pod.allContainers()) {
        needed.get(k).addAll(RbacAllowList.needs(c, pod.namespace()));
      }
      if (needed.get(k).isEmpty()
          && !Boolean.FALSE.equals(pod.spec().getAutomountServiceAccountToken())) {
        out.add(
            pod.owner() + ": needs no API access, so automountServiceAccountToken must be false");
      }
    }
    for (String k : accounts.keySet()) {
      Set<Permission> excess = new TreeSet<>(java.util.Comparator.comparing(Permission::toString));
      excess.addAll(granted.get(k));
      excess.removeAll(needed.get(k));
      Set<Permission> missing = new TreeSet<>(java.util.Comparator.comparing(Permission::toString));
      missing.addAll(needed.get(k));
      missing.removeAll(granted.get(k));
      excess.forEach(
          p ->
              out.add(
                  "ServiceAccount "
                      + k
                      + " is granted "
                      + p
                      + ", which none of its containers needs"));
      missing.forEach(
          p -> out.add("ServiceAccount " + k + " lacks " + p + ", which its containers need"));
    }
    return out;
  }

  private static List<PolicyRule> rules(
      Workloads workloads, RoleRef ref, String bindingNamespace, List<String> out, String where) {
    if (ref.getKind().equals("ClusterRole")) {
      Optional<ClusterRole> role = workloads.find(ClusterRole.class, ref.getName());
      if (role.isEmpty()) {
        out.add(where + ": refers to missing ClusterRole " + ref.getName());
        return List.of();
      }
      return checked(role.get().getRules(), out, where);
    }
    if (ref.getKind().equals("Role") && bindingNamespace != null) {
      Optional<Role> role =
          workloads
              .all(Role.class)
              .filter(
                  r ->
                      r.getMetadata().getName().equals(ref.getName())
                          && bindingNamespace.equals(r.getMetadata().getNamespace()))
              .findFirst();
      if (role.isEmpty()) {
        out.add(where + ": refers to missing Role " + bindingNamespace + "/" + ref.getName());
        return List.of();
      }
      return checked(role.get().getRules(), out, where);
    }
    out.add(where + ": cannot bind a " + ref.getKind());
    return List.of();
  }

  private static List<PolicyRule> checked(List<PolicyRule> rules, List<String> out, String where) {
    for (PolicyRule r : rules) {
      List<String> all = new ArrayList<>();
      all.addAll(r.getApiGroups());
      all.addAll(r.getResources());
      all.addAll(r.getVerbs());
      if (all.contains("*")) {
        out.add(where + ": wildcard in rule " + r);
      }
      if (r.getResourceNames() != null && !r.getResourceNames().isEmpty()) {
        out.add(where + ": resourceNames are not expected in " + r);
      }
    }
    return rules;
  }

  private static void grant(
      List<Subject> subjects,
      String namespace,
      List<PolicyRule> rules,
      Map<String, Set<Permission>> granted,
      List<String> out,
      String where) {
    for (Subject s : Optional.ofNullable(subjects).orElse(List.of())) {
      String k = key(s.getNamespace(), s.getName());
      if (!"ServiceAccount".equals(s.getKind()) || !granted.containsKey(k)) {
        out.add(
            where + ": binds " + s.getKind() + " " + k + ", which these manifests do not define");
        continue;
      }
      for (PolicyRule r : rules) {
        for (String group : r.getApiGroups()) {
          for (String resource : r.getResources()) {
            for (String verb : r.getVerbs()) {
              granted.get(k).add(new Permission(namespace, group, resource, verb));
            }
          }
        }
      }
    }
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
