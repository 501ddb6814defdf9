/**
 * PC110/PC111: add what is missing of requests (cpu, memory) and the memory limit, sized from the defaults of the
 * pattern that made the workload (its `app.kubernetes.io/component` label), else those of a replicated service.
 */
import { isMap, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../../diagnostics';
import { LABEL_COMPONENT } from '../../generate/labels';
import { patternDef } from '../../patterns/index';
import { aPattern } from '../../text';
import type { ManifestObject } from '../model';
import { get } from '../nodes';
import { containerAt } from './container';
import { insertIntoMap } from './edits';
import type { TextEdit } from '../../yaml/text';
import type { Fix } from './types';

const FALLBACK_PATTERN = 'replicated-service';

/** The pattern whose defaults size the container, and those defaults. */
export function resourceDefaults(obj: ManifestObject): { pattern: string; cpu: string; memory: string } {
  const label = obj.pod?.labels[LABEL_COMPONENT];
  const fallback = patternDef(FALLBACK_PATTERN)!.params;
  const own = label ? patternDef(label)?.params : undefined;
  const cpu = own?.cpu?.default ?? fallback.cpu!.default;
  const memory = own?.memory?.default ?? fallback.memory!.default;
  return { pattern: own?.memory || own?.cpu ? label! : FALLBACK_PATTERN, cpu: String(cpu), memory: String(memory) };
}

const mapAt = (parent: unknown, key: string): YAMLMap | undefined | 'other' => {
  const v = get(parent as never, key);
  if (v === undefined) return undefined;
  return isMap(v) ? v : 'other';
};

export function resourcesFix(obj: ManifestObject, d: Diagnostic): Fix[] {
  const c = containerAt(obj, d);
  if (!c) return [];
  const { pattern, cpu, memory } = resourceDefaults(obj);
  const resources = mapAt(c.node, 'resources');
  if (resources === 'other') return [];
  const requests = resources && mapAt(resources, 'requests');
  const limits = resources && mapAt(resources, 'limits');
  if (requests === 'other' || limits === 'other') return [];
  // A request defaults to the limit, so a memory limit alone already counts as a memory request (as PC110 reads it).
  const needCpu = get(requests, 'cpu') === undefined && get(limits, 'cpu') === undefined;
  const needMemory = get(requests, 'memory') === undefined && get(limits, 'memory') === undefined;
  const needLimit = get(limits, 'memory') === undefined;
  const requestLines = [...(needCpu ? [`cpu: ${cpu}`] : []), ...(needMemory ? [`memory: ${memory}`] : [])];
  const limitLines = needLimit ? [`memory: ${memory}`] : [];
  if (!requestLines.length && !limitLines.length) return [];

  const edits: (TextEdit | undefined)[] = [];
  if (!resources) {
    const lines = ['resources:', ...(requestLines.length ? ['  requests:', ...requestLines.map((l) => `    ${l}`)] : []), ...(limitLines.length ? ['  limits:', ...limitLines.map((l) => `    ${l}`)] : [])];
    edits.push(insertIntoMap(obj, c.node, lines));
  } else {
    const top: string[] = [];
    if (requestLines.length) {
      if (requests) edits.push(insertIntoMap(obj, requests, requestLines));
      else top.push('requests:', ...requestLines.map((l) => `  ${l}`));
    }
    if (limitLines.length) {
      if (limits) edits.push(insertIntoMap(obj, limits, limitLines));
      else top.push('limits:', ...limitLines.map((l) => `  ${l}`));
    }
    if (top.length) edits.push(insertIntoMap(obj, resources, top));
  }
  if (edits.some((e) => !e)) return [];
  const what = [requestLines.length ? `requests (${requestLines.join(', ').replace(/: /g, ' ')})` : '', limitLines.length ? `a memory limit (${memory})` : ''].filter(Boolean).join(' and ');
  return [{ title: `Add ${what}: the defaults of ${aPattern(patternDef(pattern)?.title ?? pattern)}`, edits: mergeSameOffset(edits as TextEdit[]) }];
}

/**
 * Inserts at one offset (a nested map ending where its parent does) become one edit, deeper first: two edits at
 * one place would be applied in an order no one promises.
 */
function mergeSameOffset(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const same = out.find((o) => o.start === e.start && o.end === e.end && o.start === o.end);
    if (same) same.newText += e.newText;
    else out.push({ ...e });
  }
  return out;
}
