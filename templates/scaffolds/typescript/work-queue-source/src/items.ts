/**
 * The book's versioned source API over a store of items:
 *   GET /api/v1/items         the item names, a JSON array
 *   GET /api/v1/items/<name>  the item itself
 */
import { readdir, readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';

/** Where the items come from. Put your own (a database table, a bucket listing) behind the same two methods. */
export interface ItemStore {
  names(): Promise<string[]>;
  /** The item's bytes, or undefined when there is no such item. */
  item(name: string): Promise<Buffer | undefined>;
}

/** Serves every regular file of a folder as an item named after the file. */
export class DirStore implements ItemStore {
  constructor(readonly dir: string) {}

  async names(): Promise<string[]> {
    const entries = await readdir(this.dir, { withFileTypes: true });
    return entries.filter((e) => e.isFile() && validName(e.name)).map((e) => e.name).sort();
  }

  async item(name: string): Promise<Buffer | undefined> {
    try {
      return await readFile(join(this.dir, name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }
}

/** One path segment only, so a request never reads outside the store. */
export const validName = (name: string): boolean => name !== '' && name !== '.' && name !== '..' && !/[/\\]/.test(name);

export interface Reply {
  status: number;
  contentType: string;
  body: string | Buffer;
}

const PREFIX = '/api/v1/items';

/** The API as a plain function of the request. */
export async function route(store: ItemStore, method: string, url: string): Promise<Reply> {
  if (method !== 'GET') return { status: 405, contentType: 'text/plain', body: 'method not allowed\n' };
  const path = new URL(url, 'http://localhost').pathname;
  if (path === PREFIX) return { status: 200, contentType: 'application/json', body: JSON.stringify(await store.names()) };
  if (path.startsWith(`${PREFIX}/`)) {
    let name = '';
    try {
      name = decodeURIComponent(path.slice(PREFIX.length + 1));
    } catch {
      // a malformed escape names no item
    }
    const data = validName(name) ? await store.item(name) : undefined;
    if (data) return { status: 200, contentType: 'application/octet-stream', body: data };
  }
  return { status: 404, contentType: 'text/plain', body: 'not found\n' };
}

export function sourceHandler(store: ItemStore) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    route(store, req.method ?? 'GET', req.url ?? '/').then(
      (r) => res.writeHead(r.status, { 'Content-Type': r.contentType }).end(r.body),
      (e: Error) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${e.message}\n`),
    );
  };
}
