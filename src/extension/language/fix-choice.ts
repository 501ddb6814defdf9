/** Which of the diagnostics under the cursor the quick-fix menu offers an opt-out for. No `vscode` import. */

export interface Placed {
  start: number;
  end: number;
  severity: 'error' | 'warning' | 'info';
}

const RANK = { error: 0, warning: 1, info: 2 } as const;

/**
 * The diagnostic under the cursor: the innermost one that holds it (the most severe of equals), else the first.
 * One "Ignore PCxxx for this object" row for it reads better than a row per rule on the line.
 */
export function ignoreTarget(items: readonly Placed[], cursor: number): number {
  let best = -1;
  for (let i = 0; i < items.length; i++) {
    const d = items[i]!;
    if (d.start > cursor || cursor > d.end) continue;
    const b = items[best];
    if (!b || d.end - d.start < b.end - b.start || (d.end - d.start === b.end - b.start && RANK[d.severity] < RANK[b.severity])) best = i;
  }
  return best < 0 ? (items.length ? 0 : -1) : best;
}
