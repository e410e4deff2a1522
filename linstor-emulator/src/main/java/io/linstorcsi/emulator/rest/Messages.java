package io.linstorcsi.emulator.rest;

/** Texts the controller repeats in many replies. */
final class Messages {
  static final String NOT_CONNECTED_DETAILS =
      "The controller is trying to (re-) establish a connection to the satellite. The controller stored"
          + " the changes and as soon the satellite is connected, it will receive this update.";

  private Messages() {}

  static String notConnected(String node) {
    return "No active connection to satellite '" + node + "'";
  }
}
