/** Reads the app's stats on localhost and renders them in the Prometheus text format. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Stats = Record<string, number>;
export type FetchStats = () => Promise<Stats>;

/**
 * Keeps the numeric and boolean fields of a flat JSON object. Change it when your app speaks another format
 * (for example Redis INFO's "name:value" lines).
 */
export function parseStats(text: string): Stats {
  const raw: unknown = JSON.parse(text);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('the stats are not a JSON object');
  const stats: Stats = {};
  for (const [name, v] of Object.entries(raw)) {
    if (typeof v === 'number') stats[name] = v;
    else if (typeof v === 'boolean') stats[name] = v ? 1 : 0;
  }
  return stats;
}

/** Reads the stats from url over HTTP. */
export const httpStats =
  (url: string, timeoutMs = 2000): FetchStats =>
  async () => {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    return parseStats(await res.text());
  };

/** One gauge per stat, sorted so scrapes compare cleanly, and <prefix>_up telling whether the app answered. */
export function toPrometheus(prefix: string, stats: Stats, up: boolean): string {
  const lines: string[] = [];
  for (const name of Object.keys(stats).sort()) {
    const metric = `${prefix}_${name.replace(/[^a-zA-Z0-9_:]/g, '_')}`;
    lines.push(`# TYPE ${metric} gauge`, `${metric} ${stats[name]}`);
  }
  lines.push(`# TYPE ${prefix}_up gauge`, `${prefix}_up ${up ? 1 : 0}`);
  return `${lines.join('\n')}\n`;
}

/** One scrape. When the app does not answer, it still succeeds with <prefix>_up 0: the adapter is up, the app is not. */
export async function scrape(prefix: string, fetchStats: FetchStats): Promise<string> {
  try {
    return toPrometheus(prefix, await fetchStats(), true);
  } catch {
    return toPrometheus(prefix, {}, false);
  }
}

export function metricsHandler(path: string, prefix: string, fetchStats: FetchStats) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'GET' || new URL(req.url ?? '/', 'http://localhost').pathname !== path) {
      res.writeHead(404).end();
      return;
    }
    void scrape(prefix, fetchStats).then((body) => res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }).end(body));
  };
}
