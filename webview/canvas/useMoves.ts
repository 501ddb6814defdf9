/**
 * Block positions while they move. React Flow reports every step of a drag; the document is written once, when
 * the drag ends (or, for arrow-key moves, when the keys have been still for a moment).
 */
import type { NodeChange } from '@xyflow/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BlockNode } from '../graph/toFlow';

type XY = { x: number; y: number };

/** How long arrow-key moves are gathered before they are written. */
const KEYBOARD_SETTLE_MS = 400;

export function useMoves(documentVersion: number | undefined, onMoved: (moved: Record<string, XY>) => void) {
  const [live, setLive] = useState<Record<string, XY>>({});
  const pending = useRef<Record<string, XY>>({});
  const dragging = useRef(new Set<string>());
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  // A new document carries the positions that were written: the live ones have done their job.
  useEffect(() => {
    // The same object when there is nothing to clear, so React skips a second render of every edit.
    if (dragging.current.size === 0) setLive((l) => (Object.keys(l).length ? {} : l));
  }, [documentVersion]);

  const flush = useCallback(() => {
    clearTimeout(timer.current);
    const moved = pending.current;
    pending.current = {};
    if (Object.keys(moved).length) onMoved(moved);
  }, [onMoved]);

  const onPositionChanges = useCallback(
    (changes: readonly NodeChange<BlockNode>[]) => {
      const next: Record<string, XY> = {};
      let dragEnded = false;
      let keyboard = false;
      for (const c of changes) {
        if (c.type !== 'position' || !c.position) continue;
        next[c.id] = c.position;
        if (c.dragging) dragging.current.add(c.id);
        else {
          if (dragging.current.delete(c.id)) dragEnded = true;
          else keyboard = true;
          pending.current[c.id] = c.position;
        }
      }
      if (Object.keys(next).length === 0) return;
      setLive((l) => ({ ...l, ...next }));
      if (dragEnded) flush();
      else if (keyboard) {
        clearTimeout(timer.current);
        timer.current = setTimeout(flush, KEYBOARD_SETTLE_MS);
      }
    },
    [flush],
  );

  useEffect(() => () => clearTimeout(timer.current), []);
  return { live, onPositionChanges };
}
