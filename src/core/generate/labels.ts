/** The standard labels that map every object back to the block that made it (ARCHITECTURE section 4). */
import type { Labels } from '../k8s/types';

export const LABEL_PART_OF = 'app.kubernetes.io/part-of';
export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_COMPONENT = 'app.kubernetes.io/component';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const MANAGER = 'pattern-canvas';

export const standardLabels = (design: string, componentId: string, pattern: string): Labels => ({
  [LABEL_PART_OF]: design,
  [LABEL_NAME]: componentId,
  [LABEL_COMPONENT]: pattern,
  [LABEL_MANAGED_BY]: MANAGER,
});

/** Pods of a component: part-of and name are enough, and they never change when a parameter does. */
export const selectorLabels = (design: string, componentId: string): Labels => ({
  [LABEL_PART_OF]: design,
  [LABEL_NAME]: componentId,
});
