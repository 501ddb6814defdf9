/** {{componentId}}: a scatter/gather root. It fans each request out to LEAVES and merges their answers. */
import { createServer } from 'node:http';
import { httpFetch, rootHandler } from './gather';

const port = Number(process.env.PORT || '{{port}}');
const leaves = (process.env.LEAVES ?? '')
  .split(',')
  .map((l) => l.trim())
  .filter(Boolean);
if (!leaves.length) throw new Error('LEAVES is empty: list the leaves as host:port, comma-separated');
// The root's own deadline (ROOT_TIMEOUT_MS) caps the per-leaf one.
const leafMs = Math.min(Number(process.env.LEAF_TIMEOUT_MS || '{{leafTimeoutMs}}'), Number(process.env.ROOT_TIMEOUT_MS || '{{rootTimeoutMs}}'));
const how = process.env.MERGE || '{{merge}}';
createServer(rootHandler(leaves, httpFetch, leafMs, how)).listen(port, () =>
  console.log(`root on :${port}/search over ${leaves.length} leaves (${leafMs} ms each, merge ${how})`),
);
