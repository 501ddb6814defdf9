// Command {{componentId}} is a work-queue worker: one run processes the one item its Job was created for.
package main

import (
	"log"
	"os"
)

func main() {
	if err := Run(os.Getenv, os.Stdout); err != nil {
		// A non-zero exit fails the pod, and the Job retries the item up to its backoffLimit.
		log.Printf("failed: %v", err)
		os.Exit(1)
	}
}
