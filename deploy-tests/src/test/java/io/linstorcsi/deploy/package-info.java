/**
 * Checks of everything that ships the driver to a cluster: the Helm chart {@code
 * charts/linstor-csi}, the kustomize manifests in {@code deploy/} and the container image built
 * from the {@code Dockerfile}.
 *
 * <p>The manifests are checked against the typed Kubernetes API models of fabric8 (types, and
 * unknown fields as typos) and against the deployment policy in {@link
 * io.linstorcsi.deploy.DeploymentPolicy}. No API server is involved; the image test needs a
 * Docker-compatible engine and runs only with {@code CONTAINER_TESTS=1}.
 */
package io.linstorcsi.deploy;
