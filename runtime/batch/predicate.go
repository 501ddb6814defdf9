package batch

import (
	"fmt"
	"strings"

	"cel.dev/cel-go/cel"
)

// Predicate is a test on an item; an error says the expression could not be evaluated on it.
type Predicate func(Item) (bool, error)

var celEnv = func() *cel.Env {
	env, err := cel.NewEnv(cel.Variable("item", cel.DynType))
	if err != nil {
		panic(err)
	}
	return env
}()

// CompilePredicate compiles a CEL expression over `item` (FILTER_EXPRESSION, a route of SPLIT_ROUTES); `*` matches
// every item. An expression that does not compile, or whose type is not bool, is refused before any item is read.
func CompilePredicate(expr string) (Predicate, error) {
	expr = strings.TrimSpace(expr)
	if expr == "*" {
		return func(Item) (bool, error) { return true, nil }, nil
	}
	if expr == "" {
		return nil, fmt.Errorf("an empty expression: write a CEL test over item, e.g. item.prefs.email == true")
	}
	ast, iss := celEnv.Compile(expr)
	if iss.Err() != nil {
		return nil, fmt.Errorf("the expression %q is not valid CEL: %v", expr, iss.Err())
	}
	if t := ast.OutputType(); t != cel.BoolType && t != cel.DynType {
		return nil, fmt.Errorf("the expression %q gives a %s, not a bool", expr, t)
	}
	prg, err := celEnv.Program(ast)
	if err != nil {
		return nil, fmt.Errorf("the expression %q: %v", expr, err)
	}
	return func(item Item) (bool, error) {
		out, _, err := prg.Eval(map[string]any{"item": item})
		if err != nil {
			return false, fmt.Errorf("evaluating %q: %v", expr, err)
		}
		b, ok := out.Value().(bool)
		if !ok {
			return false, fmt.Errorf("evaluating %q gave %v, not a bool", expr, out.Value())
		}
		return b, nil
	}, nil
}
