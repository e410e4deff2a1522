/**
 * ControllerModifyVolume: applies a volume's {@link
 * io.linstorcsi.controller.params.MutableParameters} to LINSTOR for that one volume (its resource
 * definition and its resources, never the resource group it shares with others), each step a
 * compare-then-write so a repeat makes no change. Knows no CSI types.
 */
package io.linstorcsi.controller.modify;
