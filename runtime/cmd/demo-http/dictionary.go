package main

import (
	"net/http"
	"strings"
)

// The book's dictionary-server looks words up in a dictionary held in memory; a few entries are enough to show it.
var definitions = map[string]string{
	"ambassador": "a container that brokers the application's interactions with the rest of the world",
	"adapter":    "a container that makes a heterogeneous application look uniform to the outside",
	"sidecar":    "a container that augments and improves the application container",
	"shard":      "a part of the data, served by one replica of a sharded service",
	"replica":    "one of several identical copies of a stateless service",
	"lease":      "a lock with a time to live, renewed by its owner",
}

type definition struct {
	identity
	Word       string `json:"word"`
	Definition string `json:"definition"`
}

// dictionary answers GET /<word> with its definition (404 for a word it does not know); / says who answered.
func dictionary(id identity) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		word := strings.ToLower(strings.Trim(r.URL.Path, "/"))
		if word == "" {
			writeJSON(w, http.StatusOK, id)
			return
		}
		d, found := definitions[word]
		if !found {
			writeJSON(w, http.StatusNotFound, definition{identity: id, Word: word})
			return
		}
		writeJSON(w, http.StatusOK, definition{identity: id, Word: word, Definition: d})
	})
}
