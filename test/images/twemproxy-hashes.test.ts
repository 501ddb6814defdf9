// How twemproxy's ketama spreads keys with each hash it offers, measured with the real nutcracker (the image the
// manifests name) over three real redis-servers named as the generator names them: the figures PC069 quotes and the
// reason murmur is the default. Runs in a network namespace of its own (the shards at 127.0.0.2-4:6379, so the
// server lines are exactly the generated ones) and needs root, like the other image tests.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureImages } from '../../scripts/images/build.mjs';
import { parseDesign } from '../../src/core/design/parse';
import { allObjects, generate } from '../../src/core/generate/generate';
import { HASHES } from '../../src/core/patterns/support/proxy-config';
import { validateDesignText } from '../../src/core/validate/index';
import { redisServerBinary } from '../runtime/brokers';
import { isRoot, NOT_ROOT_REASON, unpackImage } from './run-image';

const KEY_SETS = {
  'key-1…key-60': Array.from({ length: 60 }, (_, i) => `key-${i + 1}`),
  'user:1…user:1000': Array.from({ length: 1000 }, (_, i) => `user:${i + 1}`),
};
type KeySet = keyof typeof KEY_SETS;

/** The design of the sharded-redis template with the given hash on its ambassador. */
function design(hash?: string): string {
  return `apiVersion: patterncanvas.dev/v1alpha1\nkind: Design\nmetadata:\n  name: sharded-redis\ncomponents:\n` +
    '  app:\n    pattern: replicated-service\n    image: ghcr.io/pattern-canvas/demo-http:0.1.0\n    port: 8080\n' +
    `  redis-proxy:\n    pattern: ambassador\n    attachTo: app\n    mode: shard-router\n    port: 6379\n${hash ? `    hash: ${hash}\n` : ''}` +
    '  sharded-redis:\n    pattern: sharded-service\n    image: redis:7.4\n    port: 6379\n    shards: 3\n' +
    'connections:\n  - from: redis-proxy\n    to: sharded-redis\n';
}

function nutcrackerConfig(text: string): string {
  const parsed = parseDesign(text);
  if (!parsed.design) throw new Error(`design does not parse: ${JSON.stringify(parsed)}`);
  const cm = allObjects(generate(parsed.design)).find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'redis-proxy-config');
  const conf = (cm as { data?: Record<string, string> } | undefined)?.data?.['nutcracker.yaml'];
  if (!conf) throw new Error('no nutcracker.yaml generated');
  return conf;
}

const tmp = mkdtempSync(join(tmpdir(), 'pc-twemproxy-hashes-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!isRoot)(`twemproxy's ketama over three shards, per hash (${isRoot ? 'root' : NOT_ROOT_REASON})`, () => {
  /** hash -> key set -> keys per shard (sharded-redis-0, -1, -2). */
  const spread = new Map<string, Record<KeySet, number[]>>();

  beforeAll(async () => {
    const [built] = await ensureImages(['quay.io/3scale/twemproxy:v0.5.0'], { log: () => {} });
    const root = unpackImage(built!.tar, join(tmp, 'root')).dir;
    appendFileSync(join(root, 'etc', 'hosts'), [0, 1, 2].map((i) => `127.0.0.${i + 2}\tsharded-redis-${i}.sharded-redis\n`).join(''));
    for (const [name, keys] of Object.entries(KEY_SETS)) writeFileSync(join(tmp, `${name.slice(0, 4)}.cmds`), keys.map((k) => `SET ${k} v\n`).join(''));
    for (const hash of HASHES) writeFileSync(join(root, 'tmp', `${hash}.yml`), nutcrackerConfig(design(hash)));
    const redis = redisServerBinary();
    // One shell in a fresh network namespace: the shards, then per hash a nutcracker, each key set through it, counts.
    const script = [
      'set -e', 'ip link set lo up',
      ...[2, 3, 4].map((i) => `${redis} --bind 127.0.0.${i} --port 6379 --save '' --appendonly no --daemonize yes --logfile '' --dir ${tmp}`),
      'for i in 2 3 4; do until redis-cli -h 127.0.0.$i ping >/dev/null 2>&1; do sleep 0.05; done; done',
      `for hash in ${HASHES.join(' ')}; do`,
      `  chroot ${root} nutcracker -c /tmp/$hash.yml -s 22222 -a 127.0.0.1 -o /dev/null & pid=$!`,
      '  until redis-cli -p 6379 ping 2>/dev/null | grep -q PONG; do sleep 0.05; done',
      '  for set in key- user; do',
      '    for i in 2 3 4; do redis-cli -h 127.0.0.$i flushall >/dev/null; done',
      `    redis-cli -p 6379 < ${tmp}/$set.cmds | grep -vc OK || true`,
      '    echo "$hash $set $(redis-cli -h 127.0.0.2 dbsize) $(redis-cli -h 127.0.0.3 dbsize) $(redis-cli -h 127.0.0.4 dbsize)"',
      '  done',
      '  kill $pid; wait $pid || true',
      'done',
    ].join('\n');
    // A PID namespace too: when the shell ends, however it ends, the kernel ends the daemons it started.
    const r = spawnSync('unshare', ['--net', '--pid', '--fork', '--kill-child', '--mount-proc', '--', 'sh', '-c', script], { encoding: 'utf8', timeout: 300_000 });
    for (const line of r.stdout.split('\n')) {
      const m = /^(\S+) (key-|user) (\d+) (\d+) (\d+)$/.exec(line);
      if (!m) continue;
      const set: KeySet = m[2] === 'key-' ? 'key-1…key-60' : 'user:1…user:1000';
      spread.set(m[1]!, { ...spread.get(m[1]!)!, [set]: [Number(m[3]), Number(m[4]), Number(m[5])] });
    }
    if (spread.size !== HASHES.length) throw new Error(`measured ${spread.size} of ${HASHES.length} hashes (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    console.log(`[twemproxy] keys per shard with ketama:\n${[...spread].map(([h, s]) => `  ${h.padEnd(14)} ${Object.entries(s).map(([k, v]) => `${k} ${v.join('/')}`).join('   ')}`).join('\n')}`);
  }, 600_000);

  it('every key went to exactly one shard, for every hash', () => {
    for (const [hash, sets] of spread) for (const set of Object.keys(KEY_SETS) as KeySet[]) expect(sets[set].reduce((a, b) => a + b), `${hash} ${set}`).toBe(KEY_SETS[set].length);
  });

  it('PC069 warns of exactly the hashes that leave a shard without any of key-1…key-60', () => {
    const warned = HASHES.filter((hash) => validateDesignText(design(hash)).diagnostics.some((d) => d.code === 'PC069'));
    const emptyShard = HASHES.filter((hash) => Math.min(...spread.get(hash)!['key-1…key-60']) === 0);
    expect(warned).toEqual(emptyShard);
    expect(emptyShard).toEqual(['crc16', 'crc32', 'fnv1_64', 'fnv1a_64']);
    // The others give every shard at least a sixth of them (a fair share is a third).
    for (const hash of HASHES.filter((h) => !emptyShard.includes(h))) expect(Math.min(...spread.get(hash)!['key-1…key-60']), hash).toBeGreaterThanOrEqual(10);
  });

  it('quotes what was measured: fnv1a_64 (the book\'s) 51/9/0 and 499/400/101, murmur 19/20/21 and 336/316/348', () => {
    expect(spread.get('fnv1a_64')).toEqual({ 'key-1…key-60': [51, 9, 0], 'user:1…user:1000': [499, 400, 101] });
    expect(spread.get('murmur')).toEqual({ 'key-1…key-60': [19, 20, 21], 'user:1…user:1000': [336, 316, 348] });
    const message = validateDesignText(design('fnv1a_64')).diagnostics.find((d) => d.code === 'PC069')!.message;
    expect(message).toContain('51/9/0');
    expect(message).toContain('499/400/101');
    expect(message).toContain('19/20/21 and 336/316/348');
  });

  it('the default hash is murmur, and the template sharded-redis uses it', () => {
    expect(nutcrackerConfig(design())).toContain('hash: murmur');
    expect(nutcrackerConfig(design())).toBe(nutcrackerConfig(design('murmur')));
    const template = readFileSync(new URL('../../templates/sharded-redis.patterns.yaml', import.meta.url), 'utf8');
    expect(nutcrackerConfig(template)).toContain('hash: murmur');
    expect(validateDesignText(template).diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });
});
