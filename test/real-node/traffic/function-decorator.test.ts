// function-decorator on the real node: clients call the add-defaults function on /api; it fills in the fields the
// request left out and forwards it to the unchanged API, whose replicas see the decorated request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Deployed, deployTemplate, podsOf } from './support';

type Answer = { pod: string; role: string; status: number; upstream: { pod: string; role: string; request: { method: string; path: string; body: string; header: Record<string, string> } } };

describe('template function-decorator carries traffic', { timeout: 240_000 }, () => {
  let d: Deployed;
  beforeAll(async () => {
    d = await deployTemplate('function-decorator');
  }, 300_000);
  afterAll(async () => d?.remove());

  it('fills in the missing defaults, keeps what the caller gave, and reaches the API', async () => {
    const out = await d.sh(`for i in $(seq 1 30); do timeout 5 wget -qO- --post-data '{"lang":"fr","item":'$i'}' http://add-defaults:8080/api/orders; done`);
    const answers = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Answer);
    expect(answers).toHaveLength(30);
    answers.forEach((a, i) => {
      expect(a.role).toBe('decorator');
      expect(a.upstream.request).toMatchObject({ method: 'POST', path: '/api/orders', header: { 'X-Decorated-By': a.pod } });
      expect(JSON.parse(a.upstream.request.body)).toEqual({ lang: 'fr', item: i + 1, units: 'metric', pageSize: 20 });
    });
    const fns = await podsOf(d, 'add-defaults');
    const apis = await podsOf(d, 'api', 'app');
    expect(new Set(answers.map((a) => a.pod))).toEqual(new Set(fns.map((p) => p.name)));
    // The function keeps its connection to the API open, so each function pod talks to one API replica.
    for (const a of answers) expect(apis.map((p) => p.name)).toContain(a.upstream.pod);
  });

  it('answers 404 outside its trigger path and 400 for a body that is not JSON, without calling the API', async () => {
    expect(await d.sh('timeout 5 wget -qO- http://add-defaults:8080/other 2>&1; true')).toMatch(/404/);
    expect(await d.sh("timeout 5 wget -qO- --post-data 'not json' http://add-defaults:8080/api 2>&1; true")).toMatch(/400/);
  });
});
