// Command copier is the copier batch stage: see runtime/README.md for its environment.
package main

import "github.com/pattern-canvas/runtime/batch"

func main() { batch.Main("copier") }
