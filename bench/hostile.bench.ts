/**
 * Large inputs that once took quadratic time (issue 17): one map with 40,000 keys in a design, a ConfigMap with
 * 50,000 keys, 50,000 aliases, 3,000 workloads and Services sharing one selector. Before the fix: 14-29 s, 22 s,
 * 38 s and 15 s. They are not budgets of the house plan; each should stay near its parse time.
 */
import { lintManifests } from '../src/core/lint';
import { validateDesignText } from '../src/core/validate/index';
import { type BenchResult, timeMedian } from './stats';

const HEAD = 'apiVersion: patterncanvas.dev/v1alpha1\nkind: Design\n';
const lines = (n: number, line: (i: number) => string): string => Array.from({ length: n }, (_, i) => line(i)).join('\n');

const workloadAndService = (i: number, app: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d${i} }\nspec:\n  selector: { matchLabels: { app: ${app} } }\n  template:\n    metadata: { labels: { app: ${app} } }\n    spec: { containers: [{ name: c, image: "nginx:1.27", ports: [{ containerPort: 80 }] }] }\n---\napiVersion: v1\nkind: Service\nmetadata: { name: s${i} }\nspec: { selector: { app: ${app} }, ports: [{ port: 80 }] }\n`;

export default async function (): Promise<BenchResult[]> {
  const labels = `${HEAD}metadata:\n  name: big\n  labels:\n${lines(40_000, (i) => `    k${i}: v`)}\ncomponents: {}\n`;
  const layout = `${HEAD}metadata: { name: big }\ncomponents: {}\nlayout:\n${lines(40_000, (i) => `  c${i}: [1, 2]`)}\n`;
  const configMap = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: big }\ndata:\n${lines(50_000, (i) => `  k${i}: v`)}\n`;
  const aliases = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: big }\ndata:\n${lines(50_000, (i) => `  k${i}: &a${i} v`)}\nx:\n${lines(50_000, (i) => `  - *a${i}`)}\n`;
  const shared = Array.from({ length: 3000 }, (_, i) => workloadAndService(i, 'same')).join('---\n');
  const distinct = Array.from({ length: 3000 }, (_, i) => workloadAndService(i, `app-${i}`)).join('---\n');
  // Core keeps no memo: every run parses and checks the whole text.
  const validate = (text: string) => () => validateDesignText(text);
  const lint = (text: string) => () => lintManifests(text);
  const kb = (s: string) => `${Math.round(s.length / 1024)} KiB`;
  return [
    { name: `validate a design with 40,000 keys in metadata.labels (${kb(labels)})`, value: timeMedian(validate(labels), 5, 1), unit: 'ms' },
    { name: `validate a design with 40,000 layout entries naming no component, one warning each (${kb(layout)})`, value: timeMedian(validate(layout), 5, 1), unit: 'ms' },
    { name: `lint a ConfigMap with 50,000 keys (${kb(configMap)})`, value: timeMedian(lint(configMap), 5, 1), unit: 'ms' },
    { name: `lint 50,000 aliases (${kb(aliases)})`, value: timeMedian(lint(aliases), 5, 1), unit: 'ms' },
    { name: '3,000 Deployments and Services sharing one selector', value: timeMedian(lint(shared), 5, 1), unit: 'ms' },
    { name: 'for comparison: the same with 3,000 distinct selectors', value: timeMedian(lint(distinct), 5, 1), unit: 'ms' },
  ];
}
