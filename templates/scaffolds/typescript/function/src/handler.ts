/** The function: a pure function of the request, and the HTTP plumbing around it. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Request {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Buffer;
}

export interface Response {
  status: number;
  contentType: string;
  body: string;
}

/** What the book's decorator function adds to a request before the real API sees it. */
const DEFAULTS: Record<string, unknown> = { priority: 'normal', retries: 3 };

/**
 * The function: replace it with yours. It must stay short, keep no state between calls and do no long-running
 * work; sustained heavy work belongs in a long-running service.
 */
export function handle(req: Request): Response {
  let fields: unknown = {};
  if (req.body.toString().trim()) {
    try {
      fields = JSON.parse(req.body.toString());
    } catch {
      fields = undefined;
    }
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    return { status: 400, contentType: 'text/plain', body: 'the body must be a JSON object\n' };
  }
  const merged: Record<string, unknown> = { ...DEFAULTS, ...fields };
  const sorted = Object.fromEntries(Object.keys(merged).sort().map((k) => [k, merged[k]]));
  return { status: 200, contentType: 'application/json', body: JSON.stringify(sorted) };
}

const MAX_BODY = 1 << 20;

/** Answers HTTP on path ("/" takes every path) with handle; a call past its timeout is answered 503. */
export function functionHandler(path: string, timeoutMs: number) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reply = (r: Response): void => void res.writeHead(r.status, { 'Content-Type': r.contentType }).end(r.body);
    if (path !== '/' && url.pathname !== path) return reply({ status: 404, contentType: 'text/plain', body: 'not found\n' });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_BODY) return reply({ status: 413, contentType: 'text/plain', body: 'request body too large\n' });
      const call = Promise.resolve().then(() => handle({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body: Buffer.concat(chunks) }));
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<Response>((resolve) => {
        timer = setTimeout(() => resolve({ status: 503, contentType: 'text/plain', body: 'the function timed out\n' }), timeoutMs);
      });
      Promise.race([call, late])
        .catch((e: Error): Response => ({ status: 500, contentType: 'text/plain', body: `${e.message}\n` }))
        .then(reply)
        .finally(() => clearTimeout(timer));
    });
  };
}
