/** {{componentId}}-leaf: a scatter/gather leaf. It answers the root's query for its part of the data. */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { buildIndex, leafHandler, search } from './leaf';

/** Every regular file of the folder, as a document named after the file. */
function readDocs(dir: string): Record<string, string> {
  try {
    const files = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile());
    return Object.fromEntries(files.map((e) => [e.name, readFileSync(join(dir, e.name), 'utf8')]));
  } catch (e) {
    console.log(`no documents: ${e instanceof Error ? e.message : String(e)}`);
    return {};
  }
}

const port = Number(process.env.PORT || '{{port}}');
const index = Number(process.env.LEAF_INDEX || -1);
const count = Number(process.env.LEAF_COUNT || 1);
const dir = process.env.DATA_DIR || '/data/docs';
const ix = buildIndex(readDocs(dir), index, count);
const deadlineMs = Number(process.env.ANSWER_DEADLINE_MS || '{{leafDeadlineMs}}');
createServer(leafHandler(async (q) => search(ix, q), deadlineMs)).listen(port, () =>
  console.log(`leaf ${index} of ${count}: ${ix.size} words from ${dir}, on :${port}/search`),
);
