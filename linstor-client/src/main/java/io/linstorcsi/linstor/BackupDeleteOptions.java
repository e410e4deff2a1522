package io.linstorcsi.linstor;

/**
 * Which backups a {@code DELETE /v1/remotes/{remote}/backups} removes, as LINSTOR's query options.
 * Start from {@link #id}, {@link #resource} or another selector and add flags with the withers.
 */
public record BackupDeleteOptions(
    String id,
    String idPrefix,
    boolean cascading,
    String timestamp,
    String resourceName,
    String nodeName,
    boolean allLocalCluster,
    boolean all,
    String s3key,
    String s3keyForce,
    boolean dryRun,
    boolean keepSnaps) {

  /** The one backup with this id; LINSTOR refuses when another backup is based on it. */
  public static BackupDeleteOptions id(String id) {
    return new BackupDeleteOptions(
        id, null, false, null, null, null, false, false, null, null, false, false);
  }

  /** Every backup made from {@code resource}. */
  public static BackupDeleteOptions resource(String resource) {
    return new BackupDeleteOptions(
        null, null, false, null, resource, null, false, false, null, null, false, false);
  }

  /** Backups whose id starts with {@code prefix}. */
  public static BackupDeleteOptions idPrefix(String prefix) {
    return new BackupDeleteOptions(
        null, prefix, false, null, null, null, false, false, null, null, false, false);
  }

  /** Also deletes every backup based on the selected ones. */
  public BackupDeleteOptions withCascading() {
    return new BackupDeleteOptions(
        id,
        idPrefix,
        true,
        timestamp,
        resourceName,
        nodeName,
        allLocalCluster,
        all,
        s3key,
        s3keyForce,
        dryRun,
        keepSnaps);
  }

  /** Answers what would be deleted without deleting. */
  public BackupDeleteOptions withDryRun() {
    return new BackupDeleteOptions(
        id,
        idPrefix,
        cascading,
        timestamp,
        resourceName,
        nodeName,
        allLocalCluster,
        all,
        s3key,
        s3keyForce,
        true,
        keepSnaps);
  }

  /** Keeps the local snapshots the backups were made from. */
  public BackupDeleteOptions withKeepSnaps() {
    return new BackupDeleteOptions(
        id,
        idPrefix,
        cascading,
        timestamp,
        resourceName,
        nodeName,
        allLocalCluster,
        all,
        s3key,
        s3keyForce,
        dryRun,
        true);
  }

  ApiRequest apply(ApiRequest request) {
    return request
        .query("id", id)
        .query("id_prefix", idPrefix)
        .query("cascading", cascading ? "true" : null)
        .query("timestamp", timestamp)
        .query("resource_name", resourceName)
        .query("node_name", nodeName)
        .query("all_local_cluster", allLocalCluster ? "true" : null)
        .query("all", all ? "true" : null)
        .query("s3key", s3key)
        .query("s3key_force", s3keyForce)
        .query("dryrun", dryRun ? "true" : null)
        .query("keep_snaps", keepSnaps ? "true" : null);
  }
}
