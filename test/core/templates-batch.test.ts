/** The batch, election and queue starter designs: they read, validate without errors and generate schema-valid objects. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Design } from '../../src/core/design/model';
import { allObjects, generate } from '../../src/core/generate/generate';
import type { K8sObject } from '../../src/core/k8s/types';
import { compositionDiagnostics } from '../../src/core/validate/composition';
import { validateDesignText } from '../../src/core/validate/index';
import { expectValidObjects } from '../support/schema';

const TEMPLATES = ['image-tagging', 'leader-elected-worker', 'thumbnail-work-queue', 'signup-flow', 'photo-shards', 'order-routing'];
const read = (name: string): string => readFileSync(join(__dirname, '../../templates', `${name}.patterns.yaml`), 'utf8');
const load = (name: string): Design => parse(read(name)) as Design;
const objects = (name: string): K8sObject[] => allObjects(generate(load(name)));
const byKind = (objs: K8sObject[], kind: string) => objs.filter((o) => o.kind === kind).map((o) => o.metadata.name);

describe.each(TEMPLATES)('template %s', (name) => {
  it('starts with a title line and a one-sentence description line, and has metadata.description', () => {
    const [title, description] = read(name).split('\n');
    expect(title).toMatch(/^# \S.{3,60}$/);
    expect(description).toMatch(/^# \S.*\.$/);
    expect(load(name).metadata.description).toBeTruthy();
    expect(load(name).metadata.name).toBe(name);
  });

  it('has no error diagnostics, neither in composition nor in the document checks', () => {
    const errors = compositionDiagnostics(load(name)).filter((d) => d.severity === 'error');
    expect(errors).toEqual([]);
    expect(validateDesignText(read(name)).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('generates schema-valid objects, one layout entry per component', () => {
    expectValidObjects(objects(name));
    expect(Object.keys(load(name).layout).sort()).toEqual(Object.keys(load(name).components).sort());
  });
});

describe('what the templates say', () => {
  it('image-tagging: shard, detect per shard, join, copy, shard by tag, reduce to counts', () => {
    const d = load('image-tagging');
    const patterns = Object.values(d.components).map((c) => c.pattern);
    for (const p of ['sharder', 'work-queue', 'join', 'copier', 'reduce', 'queue']) expect(patterns).toContain(p);
    expect(byKind(objects('image-tagging'), 'StatefulSet')).toEqual(['bus']);
    expect(compositionDiagnostics(d).filter((x) => x.severity === 'warning')).toEqual([]);
  });

  it('leader-elected-worker: a Lease and a Role limited to it', () => {
    const objs = objects('leader-elected-worker');
    expect(byKind(objs, 'Lease')).toEqual(['report-scheduler-owner']);
    expect(byKind(objs, 'Role')).toEqual(['report-scheduler']);
    expect(compositionDiagnostics(load('leader-elected-worker'))).toEqual([]);
  });

  it('thumbnail-work-queue: source, manager with Job RBAC, Job template; stable at 30 s / 4 workers < 10 s', () => {
    const objs = objects('thumbnail-work-queue');
    expect(byKind(objs, 'Deployment')).toEqual(['thumbnailer-source', 'thumbnailer-manager']);
    expect(byKind(objs, 'ConfigMap')).toEqual(['thumbnailer-job-template']);
    expect(compositionDiagnostics(load('thumbnail-work-queue'))).toEqual([]);
  });

  it('signup-flow: a copier to welcome and notifications, a filter on preferences', () => {
    const d = load('signup-flow');
    expect(d.components['fan-out']?.pattern).toBe('copier');
    expect(d.components['notify-prefs']).toMatchObject({ pattern: 'filter', expression: 'item.preferences.notifications == true' });
    expect(compositionDiagnostics(d).filter((x) => x.severity !== 'info')).toEqual([]);
  });

  it('photo-shards: Kafka with 3 brokers, 10 partitions, replication factor 3; the sharder writes photos-0..2', () => {
    const objs = objects('photo-shards');
    const kafka = objs.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'kafka')!;
    expect(kafka.spec).toMatchObject({ replicas: 3 });
    const sharder = objs.find((o) => o.kind === 'Deployment' && o.metadata.name === 'shard-photos')!;
    const env = (sharder.spec as { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } }).template.spec.containers[0]!.env;
    expect(env.find((e) => e.name === 'OUTPUT_TOPICS')?.value).toBe('photos-0,photos-1,photos-2');
    expect(compositionDiagnostics(load('photo-shards')).filter((x) => x.severity !== 'info')).toEqual([]);
  });

  it('order-routing: the splitter sends every order to exactly one lane, the merger reads both lanes', () => {
    const objs = objects('order-routing');
    const envOf = (name: string) =>
      Object.fromEntries(
        (objs.find((o) => o.kind === 'Deployment' && o.metadata.name === name)!.spec as { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } }).template.spec.containers[0]!.env.map((e) => [e.name, e.value]),
      );
    const split = envOf('route');
    expect(JSON.parse(split.SPLIT_ROUTES!)).toEqual([{ when: 'item.total >= 500', topic: 'express' }]);
    expect(split.SPLIT_DEFAULT_TOPIC).toBe('standard');
    expect(split.OUTPUT_TOPICS!.split(',').sort()).toEqual(['express', 'standard']);
    expect(envOf('fulfilled').INPUT_TOPICS!.split(',').sort()).toEqual(['express-done', 'standard-done']);
    expect(compositionDiagnostics(load('order-routing')).filter((x) => x.severity !== 'info')).toEqual([]);
  });
});
