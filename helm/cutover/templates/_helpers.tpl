{{/* The release's name for its objects: the release name, or "cutover" inside it. */}}
{{- define "cutover.fullname" -}}
{{- if contains "cutover" .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-cutover" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "cutover.selectorLabels" -}}
app.kubernetes.io/name: cutover
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "cutover.labels" -}}
{{ include "cutover.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- if not .Values.plainManifests }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* metadata.labels and, when set, metadata.annotations of every object. */}}
{{- define "cutover.metadata" -}}
labels:
  {{- include "cutover.labels" . | nindent 2 }}
{{- with .Values.commonAnnotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* The Lease this release's replicas compete for: cutover-operator, or cutover-operator-SHARD (docs/operations.md
"Sharding"). A shard needs a selector, and with leader election a selector needs a shard name, as the operator does. */}}
{{- define "cutover.leaseName" -}}
{{- if and .Values.shard.name (not .Values.shard.selector) -}}
{{- fail "shard.name needs shard.selector: a shard without one would reconcile every other shard's objects" -}}
{{- end -}}
{{- if and .Values.shard.selector .Values.leaderElection.enabled (not .Values.shard.name) -}}
{{- fail "shard.selector with leader election needs shard.name: it names the shard's own Lease (cutover-operator-NAME)" -}}
{{- end -}}
{{- if .Values.shard.name -}}
{{- printf "cutover-operator-%s" .Values.shard.name -}}
{{- else -}}
cutover-operator
{{- end -}}
{{- end -}}

{{- define "cutover.leaseNamespace" -}}
{{- default .Release.Namespace .Values.leaderElection.namespace -}}
{{- end -}}

{{- define "cutover.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
