package queue

import "encoding/json"

// deadLetter is what the dead-letter topic gets: why, from where, after how many tries, and the item itself
// (as JSON when it is JSON, else as the raw text, so nothing is lost).
func deadLetter(m Message, err error) []byte {
	var item any = string(m.Body)
	if json.Valid(m.Body) {
		item = json.RawMessage(m.Body)
	}
	b, _ := json.Marshal(map[string]any{"error": err.Error(), "input": m.Topic, "deliveries": m.Deliveries, "item": item})
	return b
}
