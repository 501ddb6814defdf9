// Command {{componentId}} is a leader-elected worker: every replica runs it, and only the one holding
// the Lease does the work.
package main

import (
	"log"
	"os"
	"strconv"
	"time"
)

// work is what only the owner does: replace it with yours. It runs until the process exits.
func work(self string) {
	for {
		log.Printf("%s: working as the owner", self)
		time.Sleep(5 * time.Second)
	}
}

func main() {
	hostname, _ := os.Hostname()
	self := getenv("POD_NAME", hostname)
	name := getenv("LEASE_NAME", "{{leaseName}}")
	duration := seconds("LEASE_DURATION_SECONDS", "{{leaseDurationSeconds}}")
	renewDeadline := seconds("RENEW_DEADLINE_SECONDS", "{{renewDeadlineSeconds}}")
	retryPeriod := seconds("RETRY_PERIOD_SECONDS", "{{retryPeriodSeconds}}")
	if !(duration > renewDeadline && renewDeadline*10 > retryPeriod*12) {
		log.Fatal("the timings must satisfy leaseDuration > renewDeadline > 1.2 x retryPeriod")
	}
	client, err := InCluster(os.Getenv("LEASE_NAMESPACE"), name, renewDeadline/2)
	if err != nil {
		log.Fatal(err)
	}
	elector := &Elector{Client: client, Self: self, DurationSeconds: int(duration / time.Second)}
	leading, lastRenew := false, time.Time{}
	for {
		now := time.Now()
		held, err := elector.TryAcquireOrRenew(now)
		if err != nil {
			log.Printf("lease %s: %v", name, err)
		}
		switch {
		case held:
			lastRenew = now
			if !leading {
				leading = true
				log.Printf("%s owns lease %s", self, name)
				go work(self)
			}
		case leading && (err == nil || !KeepLeading(lastRenew, now, renewDeadline)):
			// Another candidate holds the Lease, or we could not renew in time: exit so the work stops
			// at once; Kubernetes restarts the pod as a standby.
			log.Fatalf("%s lost lease %s", self, name)
		}
		time.Sleep(retryPeriod)
	}
}

func seconds(name, fallback string) time.Duration {
	n, err := strconv.Atoi(getenv(name, fallback))
	if err != nil || n < 1 {
		log.Fatalf("%s must be a positive whole number of seconds", name)
	}
	return time.Duration(n) * time.Second
}

func getenv(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
