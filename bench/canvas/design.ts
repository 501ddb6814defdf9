/** Generated designs for the canvas benches: groups of ten components, as people draw them, without positions. */
import { stringify } from 'yaml';

export function canvasDesign(components: number, withLayout = false): string {
  const out: Record<string, unknown> = {};
  const connections: unknown[] = [];
  const layout: Record<string, [number, number]> = {};
  const groups = Math.ceil(components / 10);
  for (let g = 0; g < groups; g++) {
    const id = (s: string) => `${s}-${g}`;
    const group: Record<string, unknown> = {
      [id('web')]: { pattern: 'replicated-service', image: 'web:1.0', port: 8080, replicas: 3 },
      [id('tls')]: { pattern: 'sidecar', attachTo: id('web'), image: 'nginx:1.27', port: 8443 },
      [id('metrics')]: { pattern: 'adapter', attachTo: id('web') },
      [id('cache')]: { pattern: 'sharded-service', image: 'memcached:1.6', port: 11211, shards: 3 },
      [id('api')]: { pattern: 'replicated-service', image: 'api:1.0', port: 9090, replicas: 2 },
      [id('fn')]: { pattern: 'function', image: 'fn:1.0' },
      [id('q')]: { pattern: 'queue' },
      [id('copy')]: { pattern: 'copier' },
      [id('filter')]: { pattern: 'filter' },
      [id('leader')]: { pattern: 'ownership-election', image: 'worker:1.0' },
    };
    Object.assign(out, Object.fromEntries(Object.entries(group).slice(0, Math.min(10, components - g * 10))));
    const has = (s: string) => id(s) in out;
    const link = (from: string, to: string, topic?: string) => {
      if (has(from) && has(to)) connections.push({ from: id(from), to: id(to), ...(topic ? { topic } : {}) });
    };
    link('web', 'cache');
    link('web', 'api');
    link('api', 'fn');
    link('q', 'copy', 'in');
    link('copy', 'q', 'a');
    link('q', 'filter', 'a');
    if (withLayout) {
      let i = 0;
      for (const key of Object.keys(group)) if (has(key.replace(`-${g}`, '')) && !['tls', 'metrics'].some((a) => key.startsWith(a))) layout[key] = [(i++ % 4) * 300, g * 600 + Math.floor((i - 1) / 4) * 200];
    }
  }
  return stringify({
    apiVersion: 'patterncanvas.dev/v1alpha1',
    kind: 'Design',
    metadata: { name: 'bench', namespace: 'bench' },
    components: out,
    connections,
    ...(withLayout ? { layout } : {}),
  });
}
