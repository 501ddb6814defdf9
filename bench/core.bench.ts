/** Parse + validate + generate a 1,000-component design: budget 250 ms in all, on one core. */
import { stringify } from 'yaml';
import { parseDesign } from '../src/core/design/parse';
import { allObjects, generate } from '../src/core/generate/generate';
import { compositionDiagnostics } from '../src/core/validate/composition';
import { type BenchResult, timeMedian } from './stats';

/** 1,000 components in groups of ten: services with sidecars and adapters, shards, queues and batch stages. */
export function bigDesign(groups = 100): string {
  const components: Record<string, unknown> = {};
  const connections: unknown[] = [];
  const layout: Record<string, [number, number]> = {};
  for (let g = 0; g < groups; g++) {
    const id = (s: string) => `${s}-${g}`;
    components[id('web')] = { pattern: 'replicated-service', image: 'web:1.0', port: 8080, replicas: 3 };
    components[id('tls')] = { pattern: 'sidecar', attachTo: id('web'), image: 'nginx:1.27', port: 8443 };
    components[id('cache')] = { pattern: 'sharded-service', image: 'memcached:1.6', port: 11211, shards: 3 };
    components[id('api')] = { pattern: 'replicated-service', image: 'api:1.0', port: 9090, replicas: 2 };
    components[id('fn')] = { pattern: 'function', image: 'fn:1.0' };
    components[id('q')] = { pattern: 'queue' };
    components[id('copy')] = { pattern: 'copier' };
    components[id('filter')] = { pattern: 'filter' };
    components[id('merge')] = { pattern: 'merger' };
    components[id('leader')] = { pattern: 'ownership-election', image: 'worker:1.0' };
    connections.push({ from: id('web'), to: id('cache') }, { from: id('web'), to: id('api') }, { from: id('api'), to: id('fn') });
    connections.push({ from: id('q'), to: id('copy'), topic: 'in' }, { from: id('copy'), to: id('q'), topic: 'a' }, { from: id('q'), to: id('filter'), topic: 'a' });
    layout[id('web')] = [g * 300, 0];
  }
  return stringify({ apiVersion: 'patterncanvas.dev/v1alpha1', kind: 'Design', metadata: { name: 'big', namespace: 'bench' }, components, connections, layout });
}

export default async function (): Promise<BenchResult[]> {
  const text = bigDesign();
  const parsed = parseDesign(text);
  const count = Object.keys(parsed.design!.components).length;
  const parse = timeMedian(() => parseDesign(text));
  const validate = timeMedian(() => compositionDiagnostics(parsed.design!));
  const gen = timeMedian(() => generate(parsed.design!));
  const objects = allObjects(generate(parsed.design!)).length;
  return [
    { name: `parse ${count} components (${(text.length / 1024).toFixed(0)} KiB)`, value: parse, unit: 'ms' },
    { name: 'validate (composition rules)', value: validate, unit: 'ms' },
    { name: `generate (${objects} objects)`, value: gen, unit: 'ms' },
    { name: 'parse + validate + generate', value: parse + validate + gen, unit: 'ms', budget: 250 },
    { name: 'objects generated per second', value: Math.round(objects / (gen / 1000)), unit: 'obj/s' },
  ];
}
