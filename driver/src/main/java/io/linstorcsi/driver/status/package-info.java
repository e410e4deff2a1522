/**
 * The {@code status} command: one read of LINSTOR's nodes, storage pools, resources, definitions
 * and groups, health rules that turn those records into findings with a reason and an action, and
 * renderers for a terminal table and a JSON document. Optionally names the Kubernetes workload of
 * each abnormal resource.
 *
 * <p>Data flows one way: {@link io.linstorcsi.driver.status.SnapshotFetcher} (HTTP) produces a
 * {@link io.linstorcsi.driver.status.ClusterSnapshot}; {@link
 * io.linstorcsi.driver.status.HealthRules} and {@link io.linstorcsi.driver.status.ReportBuilder}
 * are pure functions of it, so the rules are tested on hand-built records without a server. Only
 * {@link io.linstorcsi.driver.status.StatusCommand} talks to the outside (LINSTOR, Kubernetes, the
 * terminal). Nothing here writes to LINSTOR or Kubernetes.
 */
package io.linstorcsi.driver.status;
