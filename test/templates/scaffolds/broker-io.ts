/**
 * Just enough of the NATS (JetStream) and Redis protocols, spoken over a socket, for a test to put items on a topic
 * and read a topic back the way the stage contract (runtime/README.md) lays them out: independent of every
 * starter's client library, so a starter cannot agree with itself about a wrong format.
 */
import { createConnection, type Socket } from 'node:net';

export interface Entry {
  key: string;
  body: string;
}

export interface TopicIO {
  /** Publishes body under the idempotency key (Nats-Msg-Id / the entry's `key` field). */
  publish(topic: string, key: string, body: string): Promise<void>;
  /** Every message of the topic so far, oldest first. */
  read(topic: string): Promise<Entry[]>;
  close(): void | Promise<void>;
}

function connect(addr: string): Promise<Socket> {
  const [host, port] = [addr.slice(0, addr.lastIndexOf(':')), Number(addr.slice(addr.lastIndexOf(':') + 1))];
  return new Promise((resolve, reject) => {
    const s = createConnection({ host, port }, () => resolve(s));
    s.once('error', reject);
  });
}

// ---- Redis (RESP2) ----

type Reply = string | number | null | Reply[] | Error;

function parseReply(buf: Buffer, at: number): [Reply, number] | undefined {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return undefined;
  const line = buf.toString('utf8', at + 1, eol);
  const next = eol + 2;
  switch (buf[at]) {
    case 0x2b: // +
      return [line, next];
    case 0x2d: // -
      return [new Error(line), next];
    case 0x3a: // :
      return [Number(line), next];
    case 0x24: {
      // $
      const n = Number(line);
      if (n < 0) return [null, next];
      if (buf.length < next + n + 2) return undefined;
      return [buf.toString('utf8', next, next + n), next + n + 2];
    }
    case 0x2a: {
      // *
      const n = Number(line);
      if (n < 0) return [null, next];
      const items: Reply[] = [];
      let pos = next;
      for (let i = 0; i < n; i++) {
        const r = parseReply(buf, pos);
        if (!r) return undefined;
        items.push(r[0]);
        pos = r[1];
      }
      return [items, pos];
    }
  }
  throw new Error(`RESP: unexpected ${JSON.stringify(buf.toString('utf8', at, at + 20))}`);
}

export async function redisIO(addr: string): Promise<TopicIO> {
  const s = await connect(addr);
  let buf = Buffer.alloc(0);
  const waiting: ((r: Reply) => void)[] = [];
  s.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (let r = parseReply(buf, 0); r && waiting.length; r = buf.length ? parseReply(buf, 0) : undefined) {
      buf = buf.subarray(r[1]);
      waiting.shift()!(r[0]);
    }
  });
  const call = (...args: string[]): Promise<Reply> => {
    s.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
    return new Promise((resolve, reject) => waiting.push((r) => (r instanceof Error ? reject(r) : resolve(r))));
  };
  return {
    publish: async (topic, key, body) => void (await call('XADD', topic, '*', 'key', key, 'item', body)),
    read: async (topic) => {
      const entries = (await call('XRANGE', topic, '-', '+')) as [string, string[]][];
      return entries.map(([, fields]) => {
        const f = Object.fromEntries(fields.flatMap((v, i) => (i % 2 ? [] : [[v, fields[i + 1]]])));
        return { key: f.key ?? '', body: f.item ?? '' };
      });
    },
    close: () => void s.destroy(),
  };
}

// ---- NATS with JetStream's API subjects ----

export async function natsIO(addr: string): Promise<TopicIO> {
  const s = await connect(addr);
  let buf = Buffer.alloc(0);
  const replies = new Map<string, (payload: Buffer) => void>();
  let n = 0;
  s.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      const eol = buf.indexOf('\r\n');
      if (eol < 0) return;
      const line = buf.toString('utf8', 0, eol);
      const [op, subject, , ...rest] = line.split(' ');
      if (op === 'MSG' || op === 'HMSG') {
        const total = Number(rest[rest.length - 1]);
        const headerBytes = op === 'HMSG' ? Number(rest[rest.length - 2]) : 0;
        if (buf.length < eol + 2 + total + 2) return;
        const payload = buf.subarray(eol + 2 + headerBytes, eol + 2 + total);
        buf = buf.subarray(eol + 2 + total + 2);
        replies.get(subject!)?.(Buffer.from(payload));
        replies.delete(subject!);
        continue;
      }
      buf = buf.subarray(eol + 2);
      if (op === 'PING') s.write('PONG\r\n');
      if (op === '-ERR') throw new Error(`NATS: ${line}`);
    }
  });
  s.write('CONNECT {"verbose":false,"pedantic":false,"headers":true,"no_responders":true,"protocol":1}\r\nSUB _INBOX.pc-test.* 1\r\n');
  const request = (subject: string, payload: string, headers?: Record<string, string>): Promise<Record<string, unknown>> => {
    const inbox = `_INBOX.pc-test.${++n}`;
    const body = Buffer.from(payload);
    const answer = new Promise<Buffer>((resolve, reject) => {
      replies.set(inbox, resolve);
      setTimeout(() => reject(new Error(`NATS: no answer on ${subject}`)), 5000).unref();
    });
    if (headers) {
      const h = Buffer.from(`NATS/1.0\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
      s.write(`HPUB ${subject} ${inbox} ${h.length} ${h.length + body.length}\r\n`);
      s.write(Buffer.concat([h, body, Buffer.from('\r\n')]));
    } else s.write(`PUB ${subject} ${inbox} ${body.length}\r\n${payload}\r\n`);
    return answer.then((b) => (b.length ? (JSON.parse(b.toString()) as Record<string, unknown>) : {}));
  };
  const stream = (topic: string) => topic.replace(/[^A-Za-z0-9_-]/g, '_');
  return {
    publish: async (topic, key, body) => {
      // The stream as a stage creates it (subject = topic, Duplicates = the default window), if none is there yet.
      const info = await request(`$JS.API.STREAM.INFO.${stream(topic)}`, '');
      if (info.error) await request(`$JS.API.STREAM.CREATE.${stream(topic)}`, JSON.stringify({ name: stream(topic), subjects: [topic], duplicate_window: 120e9 }));
      const ack = await request(topic, body, { 'Nats-Msg-Id': key });
      if (ack.error) throw new Error(`NATS publish to ${topic}: ${JSON.stringify(ack.error)}`);
    },
    read: async (topic) => {
      const info = await request(`$JS.API.STREAM.INFO.${stream(topic)}`, '');
      if (info.error) return [];
      const last = (info.state as { last_seq: number }).last_seq;
      const out: Entry[] = [];
      for (let seq = 1; seq <= last; seq++) {
        const got = await request(`$JS.API.STREAM.MSG.GET.${stream(topic)}`, JSON.stringify({ seq }));
        const m = got.message as { hdrs?: string; data?: string } | undefined;
        if (!m) continue;
        const hdrs = m.hdrs ? Buffer.from(m.hdrs, 'base64').toString() : '';
        out.push({ key: /Nats-Msg-Id:\s*(\S+)/i.exec(hdrs)?.[1] ?? '', body: Buffer.from(m.data ?? '', 'base64').toString() });
      }
      return out;
    },
    close: () => void s.destroy(),
  };
}
