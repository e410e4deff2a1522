package io.linstorcsi.controller;

import io.linstorcsi.common.CsiError;

/** Pagination tokens of ListVolumes and ListSnapshots: the offset of the next entry. */
final class PageToken {
  private PageToken() {}

  /** CSI spec: an invalid starting_token is ABORTED. */
  static int parse(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      int offset = Integer.parseInt(token);
      if (offset >= 0) {
        return offset;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw CsiError.aborted(
        "starting token '" + token + "' is not one this driver handed out; start the listing anew");
  }

  static String next(int offset, int returned, int total) {
    int next = offset + returned;
    return next < total ? Integer.toString(next) : "";
  }
}
