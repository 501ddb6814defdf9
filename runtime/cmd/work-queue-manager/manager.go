package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
)

// Manager turns the items of a source into Jobs, one per item. It keeps no state of its own: the Jobs in the
// cluster say which items have one, so a restarted manager carries on where the last one stopped.
type Manager struct {
	Source      ItemSource
	API         JobAPI
	Namespace   string
	Template    *Template
	MaxParallel int
	Logf        func(format string, args ...any)
	// TemplateFile, when set, is read again every round: a changed ConfigMap (a new worker image) applies to the
	// next Jobs without restarting the manager.
	TemplateFile string

	refused      map[string]string // items that cannot become a Job, with the reason already logged
	templateData []byte
}

// Round is what one poll did.
type Round struct {
	Items    int // listed by the source
	Existing int // items that had a Job before this round
	Created  int // Jobs created this round
	Running  int // Jobs not finished, after this round
	Waiting  int // items without a Job, waiting for a free place
	Refused  int // items that cannot travel as a Job (too large, not text)
}

// RunRound lists the queue's Jobs and the source's items and creates the Jobs of new items, in the source's
// order, while fewer than MaxParallel Jobs run. A Job that exists already (409) counts as done: never two Jobs
// for one item, whoever made the first.
func (m *Manager) RunRound(ctx context.Context) (Round, error) {
	var r Round
	m.reloadTemplate()
	jobs, err := m.API.ListJobs(ctx, m.Namespace, m.Template.Selector())
	if err != nil {
		return r, err
	}
	has := map[string]bool{}
	for _, j := range jobs {
		has[j.ItemID] = true
		if !j.Finished {
			r.Running++
		}
	}
	names, err := m.Source.Names(ctx)
	if err != nil {
		return r, err
	}
	seen := map[string]bool{}
	for _, name := range names {
		if seen[name] {
			continue // a source that lists an item twice still gets one Job for it
		}
		seen[name] = true
		r.Items++
		id := ItemID(name)
		switch {
		case has[id]:
			r.Existing++
			continue
		case m.refused[name] != "":
			r.Refused++
			continue
		case r.Running >= m.MaxParallel:
			r.Waiting++
			continue
		}
		content, ok, err := m.Source.Item(ctx, name)
		if err != nil {
			return r, fmt.Errorf("item %q: %w", name, err)
		}
		if !ok {
			r.Items-- // listed, then gone: nothing to do
			continue
		}
		job, err := m.Template.JobFor(m.Namespace, name, content)
		if err != nil {
			m.refuse(name, err)
			r.Refused++
			continue
		}
		created, err := m.API.CreateJob(ctx, m.Namespace, job)
		if err != nil {
			return r, err
		}
		has[id] = true
		if created {
			r.Created++
			r.Running++
			m.Logf("item %q: created Job %s", name, JobName(m.Template.Prefix, name))
		} else {
			r.Existing++
		}
	}
	return r, nil
}

// reloadTemplate takes a changed template file, unless it cannot be used or its labels changed: the labels select
// the Jobs made so far, and losing them would run their items again.
func (m *Manager) reloadTemplate() {
	if m.TemplateFile == "" {
		return
	}
	data, err := os.ReadFile(m.TemplateFile)
	if err != nil || bytes.Equal(data, m.templateData) {
		return
	}
	m.templateData = data
	next, err := ParseTemplate(data)
	switch {
	case err != nil:
		m.Logf("the changed Job template is not used: %v", err)
	case next.Selector() != m.Template.Selector():
		m.Logf("the changed Job template is not used: its labels (%s) differ from those of the Jobs made so far (%s); restart the manager if that is meant", next.Selector(), m.Template.Selector())
	default:
		m.Template = next
		m.Logf("using the changed Job template")
	}
}

func (m *Manager) refuse(name string, err error) {
	if m.refused == nil {
		m.refused = map[string]string{}
	}
	m.refused[name] = err.Error()
	m.Logf("item %q gets no Job: %v", name, err)
}
