// kstatus reads one Kubernetes object as JSON on stdin and prints what sigs.k8s.io/cli-utils' kstatus rules make of
// it (the rules Flux, `kstatus` and `kubectl wait`-style tools share): its status (InProgress, Failed, Current,
// Terminating, NotFound, Unknown) on the first line and the message on the second. The Java tests
// (KstatusRulesTest) run it on the migrations they drive; tools/kstatus/build.sh builds it.
package main

import (
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

func main() {
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "kstatus: reading stdin:", err)
		os.Exit(2)
	}
	// UnmarshalJSON reads numbers as int64 where they are integers, as the API machinery does (generation).
	var obj unstructured.Unstructured
	if err := obj.UnmarshalJSON(in); err != nil {
		fmt.Fprintln(os.Stderr, "kstatus: stdin is not a Kubernetes object:", err)
		os.Exit(2)
	}
	res, err := status.Compute(&obj)
	if err != nil {
		fmt.Fprintln(os.Stderr, "kstatus:", err)
		os.Exit(1)
	}
	fmt.Println(res.Status)
	fmt.Println(res.Message)
}
