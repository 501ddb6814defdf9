import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { designSchema } from '../../../src/core/design/schema';

const root = join(__dirname, '../../..');

describe('the shipped JSON Schema', () => {
  it('is the one the catalogue derives (regenerate: npx pattern-canvas schema > schemas/patterns.schema.json)', () => {
    const shipped = JSON.parse(readFileSync(join(root, 'schemas/patterns.schema.json'), 'utf8'));
    expect(shipped).toEqual(designSchema());
  });

  const validate = new Ajv({ allErrors: true, strict: false }).compile(designSchema());
  const templates = readdirSync(join(root, 'templates')).filter((f) => f.endsWith('.patterns.yaml'));

  it.each(templates)('accepts the template %s', (file) => {
    const ok = validate(parse(readFileSync(join(root, 'templates', file), 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('refuses unknown fields, parameters of another pattern, and bad names', () => {
    const base = { apiVersion: 'patterncanvas.dev/v1alpha1', kind: 'Design', metadata: { name: 'x' } };
    expect(validate({ ...base, extra: 1 })).toBe(false);
    expect(validate({ ...base, components: { a: { pattern: 'queue', shards: 3 } } })).toBe(false);
    expect(validate({ ...base, components: { a: { pattern: 'sharded-service', image: 'r:1', shards: 3 } } })).toBe(true);
    expect(validate({ ...base, metadata: { name: 'Not_DNS' } })).toBe(false);
  });
});
