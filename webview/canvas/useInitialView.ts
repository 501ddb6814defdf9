/**
 * The first view of a design (see graph/viewport.ts), set before the browser paints so React Flow draws only the
 * blocks in it. A webview is often resized right after it appears: until the user pans or zooms, the first view
 * follows the pane's size.
 */
import { useReactFlow } from '@xyflow/react';
import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import type { BlockNode, ConnectionEdge } from '../graph/toFlow';
import { boundsOf, initialViewport } from '../graph/viewport';

export function useInitialView(pane: RefObject<HTMLElement | null>, nodes: readonly BlockNode[], restored: boolean) {
  const flow = useReactFlow<BlockNode, ConnectionEdge>();
  const following = useRef(!restored);
  const latest = useRef(nodes);
  latest.current = nodes;

  const apply = useCallback(() => {
    const el = pane.current;
    const bounds = boundsOf(latest.current.filter((n) => !n.parentId).map((n) => ({ x: n.position.x, y: n.position.y, width: n.width ?? 0, height: n.height ?? 0 })));
    if (!el || !bounds) return false;
    const { width, height } = el.getBoundingClientRect();
    if (width === 0 || height === 0) return false;
    void flow.setViewport(initialViewport(bounds, width, height));
    return true;
  }, [pane, flow]);

  const applied = useRef(false);
  useLayoutEffect(() => {
    if (!following.current || applied.current || nodes.length === 0) return;
    applied.current = apply();
  }, [nodes, apply]);

  useEffect(() => {
    const el = pane.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      if (following.current && applied.current) apply();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [pane, apply]);

  // A pan or zoom by the user (React Flow passes its event) or a toolbar view action ends the following.
  const onMoveStart = useCallback((event: MouseEvent | TouchEvent | null) => {
    if (event) following.current = false;
  }, []);
  const stopFollowing = useCallback(() => {
    following.current = false;
  }, []);
  return { onMoveStart, stopFollowing };
}
