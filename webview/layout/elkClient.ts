/** Starts the ELK worker and exposes it as an ElkRunner. */
import ELK from 'elkjs/lib/elk-api';
import { elkGraph, type ElkRunner } from './layout';

/**
 * A webview cannot start a Worker from its resource URL on every host, so the script is fetched and started from
 * a blob: URL (the CSP allows `worker-src blob:`). Started once, early, and given a small layout to do at once:
 * ELK is compiled code that runs slowly until the engine has warmed it up, and the warm-up happens while the
 * page boots and the host answers `ready`, not on the first design.
 */
export function elkWorkerRunner(workerScriptUrl: string): ElkRunner {
  const elk = fetch(workerScriptUrl)
    .then((r) => {
      if (!r.ok) throw new Error(`could not load the layout worker (${r.status})`);
      return r.text();
    })
    .then((script) => {
      const url = URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
      const engine = new ELK({ workerFactory: () => new Worker(url) });
      void engine.layout(warmUpGraph()).catch(() => undefined);
      return engine;
    });
  return async (graph) => (await elk).layout(graph);
}

/** A few pipelines of the shape designs have: chains, a fan-out, a shared target. */
function warmUpGraph() {
  const blocks = Array.from({ length: 24 }, (_, i) => ({ id: `w${i}`, width: 240, height: 76 + (i % 3) * 46 }));
  const links = blocks.slice(1).flatMap((b, i) => (i % 6 === 5 ? [] : [{ from: `w${i}`, to: b.id }, ...(i % 4 === 0 ? [{ from: `w${i}`, to: `w${(i + 3) % 24}` }] : [])]));
  return elkGraph(blocks, links);
}
