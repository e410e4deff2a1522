/**
 * What the driver reads from the Kubernetes API while serving (fabric8; only this module may depend
 * on Kubernetes): the consistency-group label of the claim a CreateVolume is for.
 */
package io.linstorcsi.driver.kube;
