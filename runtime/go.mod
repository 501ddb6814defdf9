module github.com/pattern-canvas/runtime

go 1.22
