// A one-colour PNG made here (8-bit RGB, one IDAT), for the photo pipelines' tests and bench: no image library.
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type), data]);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(typed));
  return Buffer.concat([head, typed, tail]);
}

/** A w×h PNG of one colour, as base64. */
export function png(w: number, h: number, [r, g, b]: [number, number, number]): string {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter, no interlace
  const row = Buffer.from([0, ...Array.from({ length: w }, () => [r, g, b]).flat()]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]).toString('base64');
}

/** A w×h PNG of one colour with filled boxes of other colours on it, as base64 (objects for the detector to find). */
export function pngWithBoxes(w: number, h: number, background: [number, number, number], boxes: { x: number; y: number; size: number; rgb: [number, number, number] }[]): string {
  const rows = Array.from({ length: h }, (_, y) => {
    const px = Array.from({ length: w }, (_, x) => boxes.find((b) => x >= b.x && x < b.x + b.size && y >= b.y && y < b.y + b.size)?.rgb ?? background);
    return Buffer.from([0, ...px.flat()]);
  });
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]).toString('base64');
}

/** FNV-1a (32 bit) of a string's UTF-8: the sharder's hash (runtime/batch Shard). */
export const fnv1a = (s: string): number => [...Buffer.from(s)].reduce((h, b) => Math.imul(h ^ b, 16777619) >>> 0, 2166136261);
