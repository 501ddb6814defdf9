// npm run cluster:down — stops exactly the processes `up` recorded in <dir>/pids.json, then removes <dir>.
import { defaultRunDir, stopCluster } from './lib.mjs';

const dir = defaultRunDir();
const had = await stopCluster(dir, { log: (m) => console.log(`[cluster] ${m}`) });
console.log(had ? `[cluster] down, removed ${dir}` : `[cluster] no cluster recorded in ${dir}`);
