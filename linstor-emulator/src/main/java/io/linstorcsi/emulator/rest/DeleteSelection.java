package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.rc.ApiException;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.server.Call;

/**
 * Which backups a {@code DELETE /v1/remotes/{remote}/backups} names, with linstor-server's rule on
 * which parameters combine (api/rest/v1/Backups.deleteBackups): id, id_prefix or s3key (each with
 * cascading); timestamp, resource_name and node_name in any combination (with cascading); all or
 * all_local_cluster alone.
 */
record DeleteSelection(
    String id,
    String idPrefix,
    String s3Key,
    String timestamp,
    String resource,
    String node,
    boolean all,
    boolean allLocalCluster) {

  static DeleteSelection of(Call call) {
    DeleteSelection s =
        new DeleteSelection(
            text(call, "id"),
            text(call, "id_prefix"),
            text(call, "s3key"),
            text(call, "timestamp"),
            text(call, "resource_name"),
            text(call, "node_name"),
            Api.flag(call, "all"),
            Api.flag(call, "all_local_cluster"));
    s.check();
    return s;
  }

  private static String text(Call call, String name) {
    String v = call.queryFirst(name);
    return v == null || v.isEmpty() ? null : v;
  }

  private void check() {
    int kinds = 0;
    kinds += id != null ? 1 : 0;
    kinds += idPrefix != null ? 1 : 0;
    kinds += s3Key != null ? 1 : 0;
    kinds += timestamp != null || resource != null || node != null ? 1 : 0;
    kinds += all ? 1 : 0;
    kinds += allLocalCluster ? 1 : 0;
    if (kinds == 0) {
      throw refused(
          "You have to specify which backups you want to delete. Use 'all' to delete all backups in"
              + " the specified bucket");
    }
    if (kinds > 1) {
      throw refused(
          "Too many parameters given. You can only use the following parameters in combination: id"
              + " and cascading; s3key and cascading; since, resource_name and node_name in any"
              + " combination; all other parameters can only be used on their own.");
    }
  }

  private static ApiException refused(String message) {
    return new ApiException(Rc.of(RetCode.error(0, RetCode.INVLD_REQUEST), message).build());
  }

  void apply(BackupDeletion deletion) {
    if (id != null) {
      deletion.byIdPrefix(id, false);
    } else if (idPrefix != null) {
      deletion.byIdPrefix(idPrefix, true);
    } else if (s3Key != null) {
      deletion.byKey(s3Key);
    } else if (all || allLocalCluster) {
      deletion.all(allLocalCluster);
    } else {
      deletion.byOrigin(resource, node, timestamp);
    }
  }
}
