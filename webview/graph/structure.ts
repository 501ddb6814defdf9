/** Which blocks are drawn at the top level and which live inside a workload's pod frame. */
import type { Design } from '../../src/core/design/model';
import { patternDef } from '../../src/core/patterns/index';
import type { PatternRole } from '../../src/core/patterns/support/types';
import { type Size, attachmentSize, infrastructureSize, workloadSize } from './geometry';

export interface DesignShape {
  /** Top-level block ids in document order. */
  topLevel: string[];
  /** Attachments drawn inside each host's pod frame, in document order. */
  podOf: Map<string, string[]>;
  /** The host an attachment is drawn in. */
  hostOf: Map<string, string>;
  role: Map<string, PatternRole>;
}

export function designShape(design: Design): DesignShape {
  const role = new Map<string, PatternRole>();
  for (const [id, c] of Object.entries(design.components)) role.set(id, patternDef(c.pattern)?.role ?? 'workload');
  const podOf = new Map<string, string[]>();
  const hostOf = new Map<string, string>();
  const topLevel: string[] = [];
  for (const [id, c] of Object.entries(design.components)) {
    const host = c.attachTo;
    // An attachment whose host is missing or not a workload is drawn on its own, where its diagnostic is visible.
    if (role.get(id) === 'attachment' && typeof host === 'string' && role.get(host) === 'workload') {
      hostOf.set(id, host);
      const pod = podOf.get(host);
      if (pod) pod.push(id);
      else podOf.set(host, [id]);
    } else {
      topLevel.push(id);
    }
  }
  return { topLevel, podOf, hostOf, role };
}

export function blockSize(shape: DesignShape, id: string): Size {
  const role = shape.role.get(id);
  if (role === 'infrastructure') return infrastructureSize;
  if (role === 'attachment') return attachmentSize;
  return workloadSize(shape.podOf.get(id)?.length ?? 0);
}

/** The top-level block that holds `id` (itself, or its host). */
export const topLevelOf = (shape: DesignShape, id: string): string => shape.hostOf.get(id) ?? id;
