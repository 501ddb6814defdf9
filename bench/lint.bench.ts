/** Lint a 5,000-line manifest file: budget 50 ms (ARCHITECTURE section 6). */
import { parseAllDocuments } from 'yaml';
import { lintFixes, lintManifests, manifestObjects, ParseMemo } from '../src/core/lint';
import { type BenchResult, timeMedian } from './stats';

/** One group of realistic objects: a web Deployment + Service + PDB, and a sharded cache with its router config. */
function group(g: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${g}
  labels:
    app: web-${g}
spec:
  replicas: ${2 + (g % 3)}
  selector:
    matchLabels:
      app: web-${g}
  template:
    metadata:
      labels:
        app: web-${g}
    spec:
      securityContext:
        runAsNonRoot: true
      containers:
        - name: web
          image: ghcr.io/acme/web:1.${g % 10}
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet: { path: /ready, port: http }
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { memory: 256Mi }
        - name: cache-ambassador
          image: ghcr.io/acme/twemproxy${g % 4 === 0 ? '' : ':0.5.0'}
          volumeMounts:
            - name: router
              mountPath: /etc/twemproxy
      volumes:
        - name: router
          configMap:
            name: router-${g}
---
apiVersion: v1
kind: Service
metadata:
  name: web-${g}
spec:
  selector:
    app: web-${g}
  ports:
    - port: 80
      targetPort: ${g % 5 === 0 ? 'htp' : 'http'}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web-${g}
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app: web-${g}
---
apiVersion: v1
kind: Service
metadata:
  name: cache-${g}
spec:
  clusterIP: None
  selector:
    app: cache-${g}
  ports:
    - port: 11211
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: cache-${g}
spec:
  serviceName: cache-${g}
  replicas: 3
  selector:
    matchLabels:
      app: cache-${g}
  template:
    metadata:
      labels:
        app: cache-${g}
    spec:
      containers:
        - name: memcached
          image: memcached:1.6
          ports:
            - containerPort: 11211
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: router-${g}
data:
  nutcracker.yaml: |
    cache:
      listen: ${g % 2 === 0 ? '127.0.0.1' : '0.0.0.0'}:11211
      hash: fnv1a_64
      distribution: ketama
      servers:
        - cache-${g}-0.cache-${g}:11211:1
        - cache-${g}-1.cache-${g}:11211:1
        - cache-${g}-${g % 3 === 0 ? 3 : 2}.cache-${g}:11211:1
`;
}

/** Deterministic manifest text of at least `lines` lines, made of whole documents. */
export function manifestOfLines(lines: number): string {
  const groups: string[] = [];
  let count = 0;
  for (let g = 0; count < lines; g++) {
    const text = group(g);
    groups.push(text);
    count += text.split('\n').length - 1 + 1; // + the `---` between groups
  }
  return groups.join('---\n');
}

export default async function (): Promise<BenchResult[]> {
  const text = manifestOfLines(5000);
  const lineCount = text.split('\n').length;
  // The very first lint in a fresh process: nothing compiled by the JIT yet (the first file opened in a session).
  const t0 = performance.now();
  const diagnostics = lintManifests(text);
  const first = performance.now() - t0;
  const probe = diagnostics.find((d) => d.code === 'PC112') ?? diagnostics[0];
  if (!probe) throw new Error('the bench manifest should have findings');

  // The machine is shared: more runs than the default keep the median steady, and 25 warm-up runs let the JIT
  // finish (with 5, the median moved between 36 and 68 ms from one process to the next). "Cold": no parse memo, so
  // every document is parsed and linted again.
  const cold = timeMedian(() => lintManifests(text), 31, 25);
  const parseOnly = timeMedian(() => parseAllDocuments(text, { prettyErrors: false }), 31, 25);
  // The editor path: each run edits one document (a different one each time), the others come from the host's memo.
  const memo = new ParseMemo();
  lintManifests(text, { memo });
  let n = 0;
  const edited = timeMedian(() => {
    n++;
    lintManifests(text.replace(`name: web-${n % 50}\n  labels:`, `name: web-${n % 50}\n  annotations: { rev: "${n}" }\n  labels:`), { memo });
  }, 31, 25);
  // As the host's code actions: the objects built once per document version, then each diagnostic's fixes.
  const objects = manifestObjects(text, memo);
  const fixes = timeMedian(() => lintFixes(text, probe, { objects }));

  return [
    { name: `lint ${lineCount} lines, ${diagnostics.length} findings (cold, median)`, value: cold, unit: 'ms', budget: 50 },
    { name: 'for comparison: yaml parseAllDocuments of the whole file in one piece', value: parseOnly, unit: 'ms' },
    { name: 'first lint in a fresh process (JIT not warmed)', value: first, unit: 'ms' },
    { name: 're-lint after editing one document (median)', value: edited, unit: 'ms', budget: 50 },
    { name: 'lintFixes for one more diagnostic of the same text (objects kept from the first call)', value: fixes, unit: 'ms' },
  ];
}
