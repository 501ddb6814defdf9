// Keeps a long-lived local cluster (npm start) alive: a control-plane process that dies is started again with its
// data, and the person is told what happened. Tests stop clusters on purpose and do not use this.
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Checks every `intervalMs` for exited control-plane processes of `cluster` (startCluster's handle) and relaunches
 * them, in the order they were started. Returns stop(), which ends the watch before the cluster is stopped.
 */
export function superviseCluster(cluster, { tell = console.log, intervalMs = 1000 } = {}) {
  let running = true;
  const loop = (async () => {
    while (running) {
      await sleep(intervalMs);
      if (!running) break;
      for (const name of cluster.exited()) {
        if (!running) break;
        const t = Date.now();
        tell(`${name} of the local cluster exited; starting it again with its data`);
        try {
          await cluster.relaunch(name);
          tell(`${name} is back after ${Date.now() - t} ms`);
        } catch (e) {
          tell(`${name} could not be started again: ${e.message} (logs in ${cluster.dir}/logs); retrying`);
        }
      }
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}
