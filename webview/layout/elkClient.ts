/** Starts the ELK worker and exposes it as an ElkRunner. */
import ELK from 'elkjs/lib/elk-api';
import type { ElkRunner } from './layout';

/**
 * A webview cannot start a Worker from its resource URL on every host, so the script is fetched and started from
 * a blob: URL (the CSP allows `worker-src blob:`). Started once, early: the first layout then finds ELK loaded.
 */
export function elkWorkerRunner(workerScriptUrl: string): ElkRunner {
  const elk = fetch(workerScriptUrl)
    .then((r) => {
      if (!r.ok) throw new Error(`could not load the layout worker (${r.status})`);
      return r.text();
    })
    .then((script) => {
      const url = URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
      return new ELK({ workerFactory: () => new Worker(url) });
    });
  return async (graph) => (await elk).layout(graph);
}
