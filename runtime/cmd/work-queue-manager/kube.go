package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/pattern-canvas/runtime/kube"
)

// JobAPI is what the manager asks of Kubernetes: the Jobs of its queue, and one new Job.
type JobAPI interface {
	ListJobs(ctx context.Context, namespace, selector string) ([]JobState, error)
	// CreateJob creates the Job; created=false (and no error) when a Job of that name exists already.
	CreateJob(ctx context.Context, namespace string, job map[string]any) (created bool, err error)
}

// JobState is what the manager needs to know of a Job.
type JobState struct {
	Name     string
	ItemID   string
	Finished bool // Complete or Failed: it no longer takes one of the MAX_PARALLEL places
}

// KubeJobs is JobAPI over the API server, as the pod's service account (RBAC: list and create Jobs).
type KubeJobs struct {
	API *kube.Client
}

type jobList struct {
	Metadata struct {
		Continue string `json:"continue"`
	} `json:"metadata"`
	Items []struct {
		Metadata struct {
			Name   string            `json:"name"`
			Labels map[string]string `json:"labels"`
		} `json:"metadata"`
		Status struct {
			Conditions []struct {
				Type   string `json:"type"`
				Status string `json:"status"`
			} `json:"conditions"`
		} `json:"status"`
	} `json:"items"`
}

func (a *KubeJobs) ListJobs(ctx context.Context, namespace, selector string) ([]JobState, error) {
	var out []JobState
	cont := ""
	for {
		q := url.Values{"labelSelector": {selector}, "limit": {"500"}}
		if cont != "" {
			q.Set("continue", cont)
		}
		var list jobList
		if err := a.API.Do(ctx, http.MethodGet, "/apis/batch/v1/namespaces/"+url.PathEscape(namespace)+"/jobs?"+q.Encode(), nil, &list); err != nil {
			return nil, fmt.Errorf("listing the Jobs (%s): %w", selector, err)
		}
		for _, j := range list.Items {
			finished := false
			for _, c := range j.Status.Conditions {
				if (c.Type == "Complete" || c.Type == "Failed") && c.Status == "True" {
					finished = true
				}
			}
			out = append(out, JobState{Name: j.Metadata.Name, ItemID: j.Metadata.Labels[ItemIDLabel], Finished: finished})
		}
		if cont = list.Metadata.Continue; cont == "" {
			return out, nil
		}
	}
}

func (a *KubeJobs) CreateJob(ctx context.Context, namespace string, job map[string]any) (bool, error) {
	err := a.API.Do(ctx, http.MethodPost, "/apis/batch/v1/namespaces/"+url.PathEscape(namespace)+"/jobs", job, nil)
	if errors.Is(err, kube.ErrConflict) {
		return false, nil // AlreadyExists: this item has its Job (made by us before a restart, or just now)
	}
	if err != nil {
		return false, fmt.Errorf("creating Job %v: %w", job["metadata"].(map[string]any)["name"], err)
	}
	return true, nil
}
