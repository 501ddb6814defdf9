/**
 * Validation and lint time grow linearly with the input: four times the input may cost about four times the time,
 * never sixteen. Each case is timed at n and 4n (best of three runs, up to three tries, so a busy machine does not
 * decide); a quadratic step shows as a ratio near 16 every time. Absolute figures are held by bench/, not here.
 */
import { describe, expect, it } from 'vitest';
import { validateDesignText } from '../../src/core/validate/index';
import { lintManifests } from '../../src/core/lint/index';

const HEAD = 'apiVersion: patterncanvas.dev/v1alpha1\nkind: Design\n';
const lines = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('\n');

const CASES: [string, (n: number) => string, (text: string) => unknown, number][] = [
  ['design: one metadata.labels map', (n) => `${HEAD}metadata:\n  name: big\n  labels:\n${lines(n, (i) => `    k${i}: v`)}\ncomponents: {}\n`, validate, 5000],
  ['design: layout entries that name no component (one diagnostic each)', (n) => `${HEAD}metadata: { name: big }\ncomponents: {}\nlayout:\n${lines(n, (i) => `  c${i}: [1, 2]`)}\n`, validate, 2500],
  ['design: duplicate keys', (n) => `${HEAD}metadata: { name: big }\ncomponents: {}\nlayout:\n${lines(n, (i) => `  c${i % 100}: [1, 2]`)}\n`, validate, 2500],
  ['lint: a ConfigMap with many keys', (n) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: big }\ndata:\n${lines(n, (i) => `  k${i}: v`)}\n`, lint, 3000],
  ['lint: many aliases', (n) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: big }\ndata:\n${lines(n, (i) => `  k${i}: &a${i} v`)}\nx:\n${lines(n, (i) => `  - *a${i}`)}\n`, lint, 1000],
  ['lint: workloads and Services sharing one selector', (n) => lines(n, (i) => workloadAndService(i, 'same')).replace(/\n$/, ''), lint, 300],
];

function workloadAndService(i: number, app: string): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d${i} }\nspec:\n  selector: { matchLabels: { app: ${app} } }\n  template:\n    metadata: { labels: { app: ${app} } }\n    spec: { containers: [{ name: c, image: "nginx:1.27", ports: [{ containerPort: 80 }] }] }\n---\napiVersion: v1\nkind: Service\nmetadata: { name: s${i} }\nspec: { selector: { app: ${app} }, ports: [{ port: 80 }] }\n---`;
}

function validate(text: string): unknown {
  return validateDesignText(text).diagnostics.length;
}

function lint(text: string): unknown {
  return lintManifests(text).length;
}

function best(f: () => unknown): number {
  let min = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    f();
    min = Math.min(min, performance.now() - t);
  }
  return Math.max(min, 1);
}

describe('time is linear in the input', () => {
  it.each(CASES)('%s', (_, make, run, n) => {
    const small = make(n);
    const large = make(4 * n);
    run(small); // warm the JIT
    // A shared machine can stall any one measurement: a linear case gets three tries, a quadratic one fails all.
    const ratios: number[] = [];
    for (let attempt = 0; attempt < 3 && !(ratios.at(-1)! < 9); attempt++) ratios.push(best(() => run(large)) / best(() => run(small)));
    expect(Math.min(...ratios), ratios.map((r) => `${r.toFixed(1)}x`).join(', ')).toBeLessThan(9);
  }, 60_000);
});
