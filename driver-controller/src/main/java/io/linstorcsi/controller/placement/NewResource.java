package io.linstorcsi.controller.placement;

/** A resource to create on a named node: diskful, or diskless (a DRBD/NVMe client). */
public record NewResource(String node, boolean diskless) {}
