// Just enough of the NATS client protocol (CONNECT, SUB, PUB/HPUB with a reply inbox, MSG/HMSG, PING) for tests
// to talk to JetStream's API from TypeScript: publish with an idempotency key, read stream info and messages.
import { connect, type Socket } from 'node:net';

interface Reply {
  headers: string;
  data: Buffer;
}

export class NatsWire {
  private buf = Buffer.alloc(0);
  private sid = 0;
  private readonly waiting = new Map<string, (r: Reply) => void>();

  private constructor(private readonly sock: Socket) {
    sock.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.parse();
    });
  }

  static connect(port: number, host = '127.0.0.1'): Promise<NatsWire> {
    return new Promise((resolve, reject) => {
      const sock = connect(port, host);
      const client = new NatsWire(sock);
      sock.once('error', reject);
      sock.once('connect', () => {
        sock.write('CONNECT {"verbose":false,"pedantic":false,"headers":true,"no_responders":true}\r\nPING\r\n');
        resolve(client);
      });
    });
  }

  private parse(): void {
    for (;;) {
      const eol = this.buf.indexOf('\r\n');
      if (eol < 0) return;
      const line = this.buf.subarray(0, eol).toString();
      const [op, ...args] = line.split(' ');
      if (op === 'MSG' || op === 'HMSG') {
        const total = Number(args.at(-1));
        const hdrLen = op === 'HMSG' ? Number(args.at(-2)) : 0;
        if (this.buf.length < eol + 2 + total + 2) return; // the payload has not all arrived
        const body = this.buf.subarray(eol + 2, eol + 2 + total);
        this.buf = this.buf.subarray(eol + 2 + total + 2);
        const sid = args[1]!;
        this.waiting.get(sid)?.({ headers: body.subarray(0, hdrLen).toString(), data: Buffer.from(body.subarray(hdrLen)) });
        this.waiting.delete(sid);
        continue;
      }
      this.buf = this.buf.subarray(eol + 2);
      if (op === 'PING') this.sock.write('PONG\r\n');
      if (op === '-ERR') throw new Error(`NATS: ${line}`);
    }
  }

  /** Sends payload to subject (with headers, if any) and resolves with the one reply. */
  request(subject: string, payload: string | Buffer, headers: Record<string, string> = {}, timeoutMs = 5000): Promise<Reply> {
    const sid = String(++this.sid);
    const inbox = `_INBOX.pctest.${process.pid}.${sid}`;
    const data = Buffer.from(payload);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(sid);
        reject(new Error(`no reply on ${subject} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(sid, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.sock.write(`SUB ${inbox} ${sid}\r\nUNSUB ${sid} 1\r\n`);
      const names = Object.entries(headers);
      if (names.length === 0) {
        this.sock.write(Buffer.concat([Buffer.from(`PUB ${subject} ${inbox} ${data.length}\r\n`), data, Buffer.from('\r\n')]));
      } else {
        const hdr = Buffer.from(`NATS/1.0\r\n${names.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
        this.sock.write(Buffer.concat([Buffer.from(`HPUB ${subject} ${inbox} ${hdr.length} ${hdr.length + data.length}\r\n`), hdr, data, Buffer.from('\r\n')]));
      }
    });
  }

  /** Publishes to a JetStream subject under an idempotency key; resolves with the PubAck (duplicate: a repeat). */
  async publish(subject: string, key: string, item: unknown): Promise<{ stream: string; seq: number; duplicate?: boolean }> {
    const ack = JSON.parse((await this.request(subject, JSON.stringify(item), { 'Nats-Msg-Id': key })).data.toString());
    if (ack.error || !ack.stream) throw new Error(`publish to ${subject}: ${JSON.stringify(ack)}`);
    return ack;
  }

  /** How many messages a stream holds; undefined while it does not exist. */
  async streamMessages(stream: string): Promise<number | undefined> {
    const info = JSON.parse((await this.request(`$JS.API.STREAM.INFO.${stream}`, '')).data.toString());
    return info.error ? undefined : info.state.messages;
  }

  /** The stream's messages, in order, parsed as JSON. */
  async streamItems(stream: string): Promise<unknown[]> {
    const n = (await this.streamMessages(stream)) ?? 0;
    const out: unknown[] = [];
    for (let seq = 1; seq <= n; seq++) {
      const r = JSON.parse((await this.request(`$JS.API.STREAM.MSG.GET.${stream}`, JSON.stringify({ seq }))).data.toString());
      if (r.message) out.push(JSON.parse(Buffer.from(r.message.data, 'base64').toString()));
    }
    return out;
  }

  close(): void {
    this.sock.destroy();
  }
}
