/**
 * The semantic diff between an input object and the object its pattern generates: each field the pattern form
 * adds, removes or changes, sorted into labels, defaults made explicit, and changes of form.
 */
export type ChangeKind = 'label' | 'default' | 'form';

export interface FieldChange {
  path: string;
  change: 'added' | 'removed' | 'changed';
  kind: ChangeKind;
}

type Json = unknown;
const isObj = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Leaf keys whose added value is the one Kubernetes assumes anyway. */
const DEFAULTS: Record<string, (v: Json) => boolean> = {
  protocol: (v) => v === 'TCP',
  type: (v) => v === 'ClusterIP',
  sessionAffinity: (v) => v === 'None',
  restartPolicy: (v) => v === 'Always',
  replicas: (v) => v === 1,
  namespace: () => true,
  targetPort: () => true,
  readOnly: (v) => v === false,
};

const LABELS = /(^|\.)(labels|selector|matchLabels)(\.|\[|$)/;

export function diffObjects(input: Json, output: Json): FieldChange[] {
  const out: FieldChange[] = [];
  walk(input, output, '', out);
  return out;
}

function walk(a: Json, b: Json, path: string, out: FieldChange[]): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined) return void out.push(classify(path, 'added', b));
  if (b === undefined) return void out.push(classify(path, 'removed', a));
  if (isObj(a) && isObj(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], path ? `${path}.${k}` : k, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const named = (xs: Json[]) => xs.every((x) => isObj(x) && typeof x.name === 'string');
    if (named(a) && named(b) && (a.length || b.length)) {
      // By name; what is left on both sides pairs up in order (a container the pattern renames is still that container).
      const name = (x: Json) => (x as { name: string }).name;
      const inB = new Set(b.map(name));
      const inA = new Set(a.map(name));
      const restA = a.filter((x) => !inB.has(name(x)));
      const restB = b.filter((x) => !inA.has(name(x)));
      for (const x of a.filter((y) => inB.has(name(y)))) walk(x, b.find((y) => name(y) === name(x)), `${path}[${name(x)}]`, out);
      for (let i = 0; i < Math.max(restA.length, restB.length); i++) walk(restA[i], restB[i], `${path}[${name(restA[i] ?? restB[i])}]`, out);
      return;
    }
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (a !== b && !(typeof a === 'number' && String(a) === b) && !(typeof b === 'number' && String(b) === a)) out.push(classify(path, 'changed', b));
}

function classify(path: string, change: FieldChange['change'], value: Json): FieldChange {
  if (LABELS.test(path)) return { path, change, kind: 'label' };
  const leaf = /([A-Za-z]+)$/.exec(path)?.[1] ?? '';
  if (change === 'added' && DEFAULTS[leaf]?.(value)) return { path, change, kind: 'default' };
  return { path, change, kind: 'form' };
}
