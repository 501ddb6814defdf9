/**
 * Precision and recall per pattern over every fixture, against what a knowledgeable engineer names each workload and
 * container (the table below is that judgement, written before looking at the import's answer where it disagrees).
 * `none` means no pattern of the book: a bare Pod, an init container, a one-off Job, a schedule.
 */
import { describe, expect, it } from 'vitest';
import { importFolder } from '../../support/import';

const ENGINEER: Record<string, Record<string, string>> = {
  'k8s-website/multi-container': {
    'adapter-pattern-example': 'none',
    'adapter-pattern-example-adapter': 'adapter',
    'ambassador-sidecar-example': 'none',
    'ambassador-sidecar-example-ambassador-sidecar': 'ambassador',
    'shared-volume-example': 'none',
  },
  'k8s-website/job-redis': { redis: 'queue', 'job-wq-2': 'work-queue' },
  'k8s-website/job-rabbitmq': { 'rabbitmq-service': 'queue', 'job-wq-1': 'work-queue' },
  // The Kubernetes documentation calls its log shipper a sidecar container.
  'k8s-website/job-sidecar': { myjob: 'none', 'myjob-logshipper': 'sidecar' },
  'argocd/guestbook': { 'guestbook-ui': 'replicated-service' },
  'book/sharded-redis': { 'sharded-redis': 'sharded-service', web: 'replicated-service', 'web-twemproxy': 'ambassador' },
  'book/shared-router': { 'sharded-memcache': 'sharded-service' },
  'book/sidecars': { legacy: 'replicated-service', 'legacy-tls': 'sidecar', docs: 'replicated-service', 'docs-git-sync': 'sidecar' },
  'book/adapter-redis': { cache: 'replicated-service', 'cache-adapter': 'adapter' },
  'book/replicated-cache': { 'dictionary-server-service': 'replicated-service' },
  'book/experiment-split': { web: 'replicated-service', experiment: 'replicated-service', frontend: 'replicated-service', 'frontend-splitter': 'ambassador' },
  'book/election-search-function-queue': {
    'add-defaults': 'function',
    'page-shard': 'sharded-service',
    search: 'scatter-gather',
    queue: 'queue',
    scheduler: 'ownership-election',
    thumbnailer: 'work-queue',
    'nightly-report': 'none',
  },
};

describe('precision and recall per pattern', () => {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const at = (p: string) => counts.get(p) ?? (counts.set(p, { tp: 0, fp: 0, fn: 0 }), counts.get(p)!);
  for (const [folder, truth] of Object.entries(ENGINEER)) {
    const got = new Map(importFolder(folder).report.components.filter((c) => c.pattern !== 'manifest').map((c) => [c.id, c.pattern]));
    for (const [id, pattern] of got) {
      if (truth[id] === pattern) at(pattern).tp++;
      else at(pattern).fp++;
    }
    for (const [id, pattern] of Object.entries(truth)) if (pattern !== 'none' && got.get(id) !== pattern) at(pattern).fn++;
  }
  const table = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([p, c]) => ({ pattern: p, ...c, precision: c.tp / (c.tp + c.fp || 1), recall: c.tp / (c.tp + c.fn || 1) }));

  it('prints the table for the closing note', () => {
    console.log(table.map((r) => `${r.pattern}: precision ${r.tp}/${r.tp + r.fp}, recall ${r.tp}/${r.tp + r.fn}`).join('\n'));
    expect(table.length).toBeGreaterThan(8);
  });

  // Known: the two bare Pods host their attachments as replicated-services (precision); the native sidecar of a
  // one-off Job stays inside its manifest block, since a Job that is no pattern cannot host one, and the RabbitMQ
  // Job's placeholder image (`gcr.io/<project>/...`) is refused by the design rules, so it is carried (recall).
  it('every pattern has precision of at least 3/4 and recall of at least 2/3', () => {
    const below = table.filter((r) => r.precision < 0.75 || r.recall < 2 / 3);
    expect(below).toEqual([]);
  });
});
