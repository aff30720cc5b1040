//go:build tools

// Package tools keeps the control-plane main packages in the module graph, so
// `go mod tidy` records every module tools/kube/build.sh needs to build them.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
