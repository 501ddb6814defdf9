// experiment-split on the real node: the frontend calls its backends through the nginx ambassador on localhost,
// which sends 10% of users to the experiment (consistent hash of the user cookie, weights 9:1) and keeps each user
// on one side.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Deployed, deployTemplate, jsonLines, podsOf } from './support';

type Answer = { pod: string; role: string; status: number; upstream: { pod: string; request: { cookie?: string } } };

describe('template experiment-split carries traffic', { timeout: 300_000 }, () => {
  let d: Deployed;
  let side: (a: Answer) => 'backend' | 'backend-experiment';
  const request = (users: string[]) => `for u in ${users.join(' ')}; do timeout 5 wget -qO- --header "Cookie: user=$u" http://frontend:8080/ || echo '{"error":"wget failed"}'; done`;

  beforeAll(async () => {
    d = await deployTemplate('experiment-split');
    const main = new Set((await podsOf(d, 'backend', 'app')).map((p) => p.name));
    const experiment = new Set((await podsOf(d, 'backend-experiment', 'app')).map((p) => p.name));
    side = (a) => {
      if (main.has(a.upstream.pod)) return 'backend';
      if (experiment.has(a.upstream.pod)) return 'backend-experiment';
      throw new Error(`answer from neither backend: ${JSON.stringify(a)}`);
    };
  }, 300_000);
  afterAll(async () => d?.remove());

  it('sends 10% of 1,000 users to the experiment, within binomial tolerance', async () => {
    const users = Array.from({ length: 1000 }, (_, i) => `u${i}`);
    const t0 = Date.now();
    const answers = jsonLines<Answer>(await d.sh(request(users), 240_000));
    expect(answers).toHaveLength(1000);
    expect(answers.every((a) => a.role === 'frontend' && a.status === 200)).toBe(true);
    // The user's cookie went through the frontend and the ambassador to the backend.
    expect(answers.map((a) => a.upstream.request.cookie)).toEqual(users.map((u) => `user=${u}`));
    const experiment = answers.filter((a) => side(a) === 'backend-experiment').length;
    // Binomial(1000, 0.1): mean 100, standard deviation 9.5; 4 of them leave room for the ring's own unevenness
    // (160 points per weight unit, about ±7 requests).
    console.log(`[traffic] experiment-split: ${experiment} of 1000 users to the experiment in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    expect(Math.abs(experiment - 100)).toBeLessThanOrEqual(38);
    // Every replica of both sides served (the Services balance within a side).
    const frontends = await podsOf(d, 'frontend', 'app');
    expect(new Set(answers.map((a) => a.pod))).toEqual(new Set(frontends.map((p) => p.name)));
  });

  it('keeps each user on one side', async () => {
    const users = Array.from({ length: 30 }, (_, i) => `sticky${i}`);
    const answers = jsonLines<Answer>(await d.sh(request([...users, ...users, ...users]), 120_000));
    expect(answers).toHaveLength(90);
    for (let i = 0; i < users.length; i++) {
      const sides = [answers[i]!, answers[i + 30]!, answers[i + 60]!].map(side);
      expect(new Set(sides), `user ${users[i]}`).toHaveProperty('size', 1);
    }
  });
});
