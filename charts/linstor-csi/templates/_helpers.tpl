{{/* The CSI driver name; fixed, because existing PersistentVolumes refer to it. */}}
{{- define "linstor-csi.driverName" -}}linstor.csi.linbit.com{{- end }}

{{/* Where the driver serves CSI inside its pods, and where the sidecars find it. */}}
{{- define "linstor-csi.socketDir" -}}/csi{{- end }}
{{- define "linstor-csi.socketPath" -}}/csi/csi.sock{{- end }}

{{/* Labels of every object. */}}
{{- define "linstor-csi.labels" -}}
app.kubernetes.io/name: linstor-csi
app.kubernetes.io/part-of: linstor-csi
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end }}

{{/* Selector labels of one component ("controller" or "node"); stable across upgrades. */}}
{{- define "linstor-csi.selectorLabels" -}}
app.kubernetes.io/name: linstor-csi
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* repository:tag of an image value; refuses unpinned images. */}}
{{- define "linstor-csi.image" -}}
{{- if not .repository -}}
{{- fail "an image repository is empty" -}}
{{- end -}}
{{- if or (not .tag) (eq (toString .tag) "latest") -}}
{{- fail (printf "image %s needs a pinned tag (got %q)" .repository (toString .tag)) -}}
{{- end -}}
{{- printf "%s:%s" .repository (toString .tag) -}}
{{- end }}

{{/* LINSTOR endpoint of a role: the node's falls back to the controller's. */}}
{{- define "linstor-csi.controllerEndpoint" -}}
{{- required "csi.controller.linstorEndpoint is required (URL of the LINSTOR controller's REST API)" .Values.csi.controller.linstorEndpoint -}}
{{- end }}
{{- define "linstor-csi.nodeEndpoint" -}}
{{- default (include "linstor-csi.controllerEndpoint" .) .Values.csi.node.linstorEndpoint -}}
{{- end }}

{{/* Environment of the driver container for the LINSTOR client: endpoint and optional mTLS material. */}}
{{- define "linstor-csi.linstorEnv" -}}
- name: LS_CONTROLLERS
  value: {{ .endpoint | quote }}
{{- with .root.Values.csi.linstorTls.clientSecret }}
- name: LS_USER_CERTIFICATE
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: tls.crt
- name: LS_USER_KEY
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: tls.key
- name: LS_ROOT_CA
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: ca.crt
{{- end }}
{{- end }}

{{/* Driver arguments both roles share. */}}
{{- define "linstor-csi.commonArgs" -}}
- --csi-endpoint=unix://{{ include "linstor-csi.socketPath" . }}
- --linstor-endpoint=$(LS_CONTROLLERS)
- --log-level={{ .Values.csi.logLevel }}
{{- if .Values.csi.metrics.enabled }}
- --metrics-address=:{{ .Values.csi.metrics.port }}
{{- end }}
{{- end }}

{{/* Pod annotations for Prometheus discovery. */}}
{{- define "linstor-csi.metricsAnnotations" -}}
{{- if and .Values.csi.metrics.enabled .Values.csi.metrics.podAnnotations -}}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .Values.csi.metrics.port | quote }}
prometheus.io/path: /metrics
{{- end -}}
{{- end }}

{{/* Hardening shared by every container that needs no privileges. */}}
{{- define "linstor-csi.restrictedContainer" -}}
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* The sidecars' common leader-election flags. */}}
{{- define "linstor-csi.leaderElectionArgs" -}}
- --leader-election
- --leader-election-namespace=$(NAMESPACE)
{{- end }}

{{/*
Sidecar images that need a newer cluster than the chart's own objects (1.20: CSIDriver storage.k8s.io/v1,
fsGroupPolicy, seccompProfile). Fails the install with the value to change instead of leaving a sidecar
that crashes at start. Minimum versions from the sidecars' release notes: csi-provisioner 6.x watches
storage.k8s.io/v1 VolumeAttributesClass (Kubernetes 1.34); csi-snapshotter 8.x needs 1.25.
*/}}
{{- define "linstor-csi.checkSidecarsForCluster" -}}
{{- $kube := .Capabilities.KubeVersion.Version -}}
{{- $sc := .Values.sidecars -}}
{{- if and (semverCompare ">=6.0.0-0" (toString $sc.provisioner.image.tag)) (semverCompare "<1.34.0-0" $kube) -}}
{{- fail (printf "csi-provisioner %s needs Kubernetes 1.34 or newer, this cluster is %s: set sidecars.provisioner.image.tag=v5.3.0" (toString $sc.provisioner.image.tag) $kube) -}}
{{- end -}}
{{- if and $sc.snapshotter.enabled (semverCompare ">=8.0.0-0" (toString $sc.snapshotter.image.tag)) (semverCompare "<1.25.0-0" $kube) -}}
{{- fail (printf "csi-snapshotter %s needs Kubernetes 1.25 or newer, this cluster is %s: set sidecars.snapshotter.image.tag=v6.3.0" (toString $sc.snapshotter.image.tag) $kube) -}}
{{- end -}}
{{- end }}

{{/*
"true" when the snapshotter sidecar takes VolumeGroupSnapshots: turned on, and a csi-snapshotter from 8.2 on,
where the snapshot-controller makes the members' objects and the sidecar needs no create rights
(external-snapshotter commit "Centralize VolumeGroupSnapshot members resource creation in the
snapshot-controller", in v8.2.0).
*/}}
{{- define "linstor-csi.groupSnapshots" -}}
{{- $s := .Values.sidecars.snapshotter -}}
{{- if and $s.enabled $s.groupSnapshots (semverCompare ">=8.2.0-0" (toString $s.image.tag)) -}}
true
{{- end -}}
{{- end }}
