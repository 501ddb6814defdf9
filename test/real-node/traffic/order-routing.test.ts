// The order-routing template on the real node, under Pod Security `restricted`: orders posted to the shop go through
// NATS JetStream to the splitter, which sends each to exactly one lane by its total (express from 500, standard
// below, none dropped); each lane's pool fulfils its orders, the merger brings both lanes into one stream, and
// invoicing writes one invoice per order with amounts that add up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drained, post, results, type Stream } from './batch-support';
import { type Deployed, deployTemplate, tally } from './support';

const N = 30;
// Totals from 87.50 to 957.50 in steps of 30: 499.99 and 500 sit on either side of the route's edge.
const orders = Array.from({ length: N }, (_, i) => ({
  orderId: `o-${i}`,
  lines: i === 0 ? [{ sku: 'edge-below', qty: 1, price: 499.99 }] : i === 1 ? [{ sku: 'edge', qty: 2, price: 250 }]
    : [{ sku: 'tea', qty: 1 + (i % 4), price: 12.5 }, { sku: 'pot', qty: 1, price: 30 * i }],
}));
const cents = (o: (typeof orders)[number]) => o.lines.reduce((t, l) => t + l.qty * Math.round(l.price * 100), 0);
const express = orders.filter((o) => cents(o) >= 50_000).map((o) => o.orderId);

describe('order-routing on the real node', { timeout: 420_000 }, () => {
  let d: Deployed;
  let topics: Map<string, Stream>;

  beforeAll(async () => {
    d = await deployTemplate('order-routing');
    const answer = await post(d, 'http://shop:8080/api/v1/orders', orders);
    expect(answer.published).toBe(N);
    topics = await drained(d, {
      orders: N, express: express.length, standard: N - express.length,
      'express-done': express.length, 'standard-done': N - express.length, fulfilled: N, 'orders-dead-letter': 0,
    });
  }, 420_000);

  afterAll(async () => d?.remove());

  it('the splitter sent every order to exactly one lane, by its total', () => {
    expect(express).toContain('o-1');
    expect(express).not.toContain('o-0');
    expect(express.length).toBeGreaterThan(5);
    expect(N - express.length).toBeGreaterThan(5);
    expect(topics.get('express')!.messages + topics.get('standard')!.messages).toBe(N);
  });

  it('every order was invoiced once, from the lane its total chose, with net + VAT = gross to the cent', async () => {
    const invoices = await results<{ orderId: string; lane: string; net: number; vat: number; gross: number }>(d, 'invoicing');
    expect(invoices.map((i) => i.orderId).sort()).toEqual(orders.map((o) => o.orderId).sort());
    expect(Object.fromEntries(tally(invoices.map((i) => i.lane)))).toEqual({ express: express.length, standard: N - express.length });
    for (const inv of invoices) {
      const o = orders.find((x) => x.orderId === inv.orderId)!;
      expect(inv.lane, inv.orderId).toBe(express.includes(inv.orderId) ? 'express' : 'standard');
      expect(Math.round(inv.net * 100), inv.orderId).toBe(cents(o));
      expect(Math.round(inv.vat * 100), inv.orderId).toBe(Math.round(cents(o) * 0.2));
      expect(Math.round(inv.gross * 100), inv.orderId).toBe(cents(o) + Math.round(cents(o) * 0.2));
    }
  });

  it('both lanes\' pools and the merger shared their inputs as one group each, with no redelivery', () => {
    for (const [topic, group] of [['express', 'order-routing-express-lane'], ['standard', 'order-routing-standard-lane'], ['express-done', 'order-routing-fulfilled'], ['standard-done', 'order-routing-fulfilled'], ['fulfilled', 'order-routing-invoicing']]) {
      const consumers = topics.get(topic!)!.consumers;
      expect([...consumers.keys()], topic).toEqual([group]);
      expect(consumers.get(group!)!.redelivered, topic).toBe(0);
    }
  });
});
