/** Checks the app on localhost and answers 200 or 500: the standard interface probes understand. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect } from 'node:net';

/** Resolves when the app is healthy, rejects with the reason when it is not. */
export type Check = () => Promise<void>;

/**
 * Healthy when the app accepts a connection. When accepting connections is not the same as working for your
 * app, run a real query instead (MySQL: SELECT 1; Redis: PING).
 */
export const tcpCheck =
  (host: string, port: number, timeoutMs: number): Check =>
  () =>
    new Promise((resolve, reject) => {
      const socket = connect({ host, port, timeout: timeoutMs });
      socket.once('connect', () => socket.end(resolve));
      socket.once('timeout', () => socket.destroy(new Error(`no answer from ${host}:${port} within ${timeoutMs} ms`)));
      socket.once('error', reject);
    });

/** 200 when the check passes, 500 with the reason when it fails. */
export async function health(check: Check): Promise<{ status: number; body: string }> {
  try {
    await check();
    return { status: 200, body: 'ok\n' };
  } catch (e) {
    return { status: 500, body: `unhealthy: ${e instanceof Error ? e.message : String(e)}\n` };
  }
}

export function healthHandler(path: string, check: Check) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'GET' || new URL(req.url ?? '/', 'http://localhost').pathname !== path) {
      res.writeHead(404).end();
      return;
    }
    void health(check).then((h) => res.writeHead(h.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(h.body));
  };
}
