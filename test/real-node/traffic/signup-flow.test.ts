// The signup-flow template on the real node, under Pod Security `restricted`: sign-ups posted to the API travel
// through NATS JetStream — verification (bad addresses dead-lettered), the copier to welcome and notifications,
// the filter on the preference — and every verified user gets one welcome mail, every opted-in one a subscription.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drained, post, results, type Stream } from './batch-support';
import { type Deployed, deployTemplate } from './support';

const VALID = 24;
const BAD = ['not-an-address', 'ada@localhost', 'Bob <bob@example.org>', 'eve@exa_mple.org'];
const users = Array.from({ length: VALID }, (_, i) => ({
  email: `User${i}@Example.org`, name: `User ${i}`,
  // Every third user opts in; every fifth says nothing, which is a no.
  ...(i % 5 === 4 ? {} : { preferences: { notifications: i % 3 === 0 } }),
}));
const optedIn = users.filter((u) => u.preferences?.notifications === true).map((u) => u.email.toLowerCase());

describe('signup-flow on the real node', { timeout: 420_000 }, () => {
  let d: Deployed;
  let topics: Map<string, Stream>;

  beforeAll(async () => {
    d = await deployTemplate('signup-flow');
    const api = 'http://signup-api:8080/api/v1/signups';
    // In three posts, the last one repeating a user (as a double click would): the repeat is published once.
    const answers = [
      await post(d, api, users.slice(0, 12)),
      await post(d, api, [...users.slice(12), ...BAD.map((email) => ({ email }))]),
      await post(d, api, [users[0]]),
    ];
    expect(answers.map((a) => a.published)).toEqual([12, VALID - 12 + BAD.length, 1]);
    expect(answers[2]!.keys[0]).toBe(answers[0]!.keys[0]);
    topics = await drained(d, {
      signups: VALID + BAD.length, verified: VALID, welcome: VALID, notifications: VALID,
      'notifications-opted-in': optedIn.length, 'signup-dead-letter': BAD.length,
    });
  }, 420_000);

  afterAll(async () => d?.remove());

  it('a bad request is refused with its reason and publishes nothing', async () => {
    const out = await d.sh(`wget -S -qO- --header 'Content-Type: application/json' --post-data '[{"email":"a@b.io"},{"name":"no address"}]' http://signup-api:8080/api/v1/signups 2>&1; true`);
    expect(out).toMatch(/422/);
    const after = await drained(d, { signups: VALID + BAD.length });
    expect(after.get('signups')!.messages).toBe(VALID + BAD.length);
  });

  it('each stage read its topic as one consumer group, and nothing was delivered twice', () => {
    for (const [topic, group] of [['signups', 'signup-flow-verify'], ['verified', 'signup-flow-fan-out'], ['welcome', 'signup-flow-welcome-mailer'], ['notifications', 'signup-flow-notify-prefs'], ['notifications-opted-in', 'signup-flow-notifier']]) {
      const consumers = topics.get(topic!)!.consumers;
      expect([...consumers.keys()], topic).toEqual([group]);
      expect(consumers.get(group!)!.redelivered, topic).toBe(0);
    }
  });

  it('every verified user got exactly one welcome mail, and no one else did', async () => {
    const mails = await results<{ to: string; subject: string }>(d, 'welcome-mailer');
    expect(mails.map((m) => m.to).sort()).toEqual(users.map((u) => u.email.toLowerCase()).sort());
    expect(mails.find((m) => m.to === 'user7@example.org')!.subject).toBe('Welcome aboard, User 7');
  });

  it('only the users who opted in were subscribed to notifications', async () => {
    const subs = await results<{ email: string }>(d, 'notifier');
    expect(optedIn.length).toBeGreaterThan(0);
    expect(subs.map((s) => s.email).sort()).toEqual([...optedIn].sort());
  });
});
