/**
 * Drawing connections: React Flow asks whether a connection is valid while the user drags (the handle shows it),
 * and on a refused drop the user is told why, in the words of the composition rules.
 */
import type { Connection, FinalConnectionState } from '@xyflow/react';
import { useCallback } from 'react';
import type { Design } from '../../src/core/design/model';
import * as gesture from '../graph/gestures';
import type { ConnectionEdge } from '../graph/toFlow';

export function useConnectGestures(design: Design | undefined, apply: (g: gesture.Gesture) => void, notify: (text: string, kind: 'error') => void) {
  const onConnect = useCallback((c: Connection) => design && apply(gesture.connect(design, c.source, c.target)), [design, apply]);
  const isValidConnection = useCallback(
    (c: Connection | ConnectionEdge) => !!design && c.source !== c.target && 'intent' in gesture.connect(design, c.source, c.target),
    [design],
  );
  const onConnectEnd = useCallback(
    (_: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      // React Flow only says "not valid"; the user is told why.
      if (!design || state.isValid || !state.fromNode || !state.toNode) return;
      const [from, to] = state.fromHandle?.type === 'target' ? [state.toNode.id, state.fromNode.id] : [state.fromNode.id, state.toNode.id];
      const g = gesture.connect(design, from, to);
      if ('refused' in g) notify(g.refused, 'error');
    },
    [design, notify],
  );

  return { onConnect, isValidConnection, onConnectEnd };
}
