package io.linstorcsi.emulator.state;

import java.util.UUID;

/** A node's network interface as registered. */
public record NetInterface(
    String name, String address, Integer satellitePort, String encryptionType, UUID uuid) {}
