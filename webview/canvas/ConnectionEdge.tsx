/** A connection: its colour says the worst diagnostic on it, and hovering it shows the messages. */
import { EdgeLabelRenderer, type EdgeProps, getBezierPath } from '@xyflow/react';
import { memo } from 'react';
import { labelSize, placeLabel } from '../graph/edgeLabels';
import type { ConnectionEdge as ConnectionEdgeType } from '../graph/toFlow';

export const ConnectionEdge = memo(function ConnectionEdge(props: EdgeProps<ConnectionEdgeType>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd } = props;
  const [path, midX, midY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const sev = data?.severity;
  const title = data?.messages.length ? data.messages.join('\n') : undefined;
  // Off the middle when the middle is on a block (a connection that skips a column).
  const { x: labelX, y: labelY } = data?.labelAvoids
    ? placeLabel(sourceX, sourceY, targetX, targetY, labelSize(data.label ?? '', !!sev), data.labelAvoids)
    : { x: midX, y: midY };
  return (
    <>
      <path id={id} d={path} markerEnd={markerEnd} fill="none" className={`react-flow__edge-path connection${sev ? ` sev-${sev}` : ''}${selected ? ' selected' : ''}`} />
      {/* A wide invisible stroke: easier to hover and click, and it carries the messages as the native tooltip. */}
      <path d={path} fill="none" strokeOpacity={0} strokeWidth={16} className="react-flow__edge-interaction">
        {title && <title>{title}</title>}
      </path>
      {(data?.label || title) && (
        <EdgeLabelRenderer>
          <div
            className={`edge-label nodrag nopan${sev ? ` sev-${sev}` : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            title={title}
            data-testid="edge-label"
          >
            {sev && <span className={`codicon codicon-${sev === 'info' ? 'info' : sev}`} aria-hidden="true" />}
            {data?.label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});

export const edgeTypes = { connection: ConnectionEdge };
