/** {{componentId}}: the source of a work queue. It lists the items to process and serves each one. */
import { createServer } from 'node:http';
import { DirStore, sourceHandler } from './items';

const port = Number(process.env.PORT || '{{port}}');
const dir = process.env.ITEMS_DIR || '/data/items';
createServer(sourceHandler(new DirStore(dir))).listen(port, () => console.log(`serving the items of ${dir} on :${port}/api/v1/items`));
