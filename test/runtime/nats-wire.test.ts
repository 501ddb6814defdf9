// The test-side NATS client against a real nats-server: JetStream publish with a key, dedup, stream reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Broker, startNats } from './brokers';
import { NatsWire } from './nats-wire';

describe('NatsWire against nats-server', () => {
  let nats: Broker;
  let wire: NatsWire;
  beforeAll(async () => {
    nats = await startNats();
    wire = await NatsWire.connect(nats.port);
  }, 180_000);
  afterAll(async () => {
    wire?.close();
    await nats?.stop();
  });

  it('creates a stream, publishes under idempotency keys (a repeat is dropped) and reads the items back', async () => {
    const created = JSON.parse((await wire.request('$JS.API.STREAM.CREATE.orders', JSON.stringify({ name: 'orders', subjects: ['orders'], duplicate_window: 60e9 }))).data.toString());
    expect(created.config?.name).toBe('orders');
    expect(await wire.streamMessages('missing')).toBeUndefined();
    expect((await wire.publish('orders', 'k1', { id: 1 })).seq).toBe(1);
    expect((await wire.publish('orders', 'k1', { id: 1 })).duplicate).toBe(true);
    await wire.publish('orders', 'k2', { id: 2 });
    expect(await wire.streamItems('orders')).toEqual([{ id: 1 }, { id: 2 }]);
  });
});
