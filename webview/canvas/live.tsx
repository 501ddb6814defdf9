/**
 * Live cluster status on the blocks. It reaches the nodes through a context rather than through the node data, so
 * a status change repaints the badges only, never the graph (layout and positions stay as they are).
 */
import { createContext, useContext } from 'react';
import type { LiveHealth } from '../../src/core/status/component';
import type { LiveMessage } from '../../src/protocol';
import { Icon } from '../ui';

export interface Live {
  state?: Omit<LiveMessage, 'type'>;
  deploy(): void;
  showDetails(id: string): void;
  /** Start or stop watching the design (the toolbar toggle). */
  setWatching(show: boolean): void;
}

export const LiveContext = createContext<Live>({ deploy: () => {}, showDetails: () => {}, setWatching: () => {} });

const ICON = { pending: 'circle-large-outline', progressing: 'sync', ready: 'pass-filled', degraded: 'warning', failed: 'error', absent: 'circle-slash', unknown: 'question' } as const satisfies Record<LiveHealth, string>;
const TEXT: Partial<Record<keyof typeof ICON, string>> = { absent: 'not deployed', unknown: 'unknown' };


/** The overlay on one block: health, replica counts, and what the API server refused; a click shows events and logs. */
export function LiveBadge({ id }: { id: string }) {
  const live = useContext(LiveContext);
  const status = live.state?.statuses[id];
  const refusal = live.state?.refusals[id];
  if (!status && !refusal) return null;
  const health = refusal ? 'failed' : status!.health;
  const text = refusal ? 'refused' : status!.replicas ? `${status!.replicas.ready}/${status!.replicas.desired}` : (TEXT[health] ?? health);
  const seen = status?.lastSeen ? ` at ${new Date(status.lastSeen.at).toLocaleTimeString()}` : '';
  const title = [refusal ? `Refused by the API server: ${refusal}` : `${health}: ${status!.summary}${seen}`, 'Click for events and logs'].join('\n');
  return (
    <button
      type="button"
      className={`block-live health-${health}`}
      title={title}
      aria-label={`${id} is ${health}${status?.summary ? `: ${status.summary}` : ''}. Show events and logs`}
      data-testid="block-live"
      data-health={health}
      onClick={(e) => {
        e.stopPropagation();
        live.showDetails(id);
      }}
    >
      <Icon name={ICON[health]} />
      {text}
    </button>
  );
}
