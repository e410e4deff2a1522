/**
 * Consistency groups: claims labelled {@code linstor.csi.linbit.com/consistency-group} become
 * volumes of one LINSTOR resource definition, so DRBD keeps write order across them. This package
 * holds the names and marks both drivers agree on, and the lookup of a claim's group, which the
 * driver module implements with Kubernetes; this module has no Kubernetes dependency.
 */
package io.linstorcsi.controller.consistency;
