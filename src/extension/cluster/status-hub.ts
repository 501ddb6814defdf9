/** Live status and deploy refusals per design document, for the canvas overlays. Plain data, no cluster types. */
import * as vscode from 'vscode';
import type { StaleStatus } from '../../core/status/reachability';

export interface DesignLiveState {
  /** Health per component id, from the watches; `unknown` (with what was last seen) while the server is unreachable. */
  statuses: Record<string, StaleStatus>;
  /** What the API server refused at the last apply, per component id. */
  refusals: Record<string, string>;
  context?: string;
  /** A watch runs for this design. */
  watching?: boolean;
  unreachable?: { reason: string; since: number; lastSeen?: number };
}

export class StatusHub {
  private readonly states = new Map<string, DesignLiveState>();
  private readonly emitter = new vscode.EventEmitter<{ uri: string; state: DesignLiveState }>();
  readonly onDidChange = this.emitter.event;

  get(uri: string): DesignLiveState | undefined {
    return this.states.get(uri);
  }

  update(uri: string, patch: Partial<DesignLiveState>): void {
    const state = { statuses: {}, refusals: {}, ...this.states.get(uri), ...patch };
    this.states.set(uri, state);
    this.emitter.fire({ uri, state });
  }

  clear(uri: string): void {
    this.states.delete(uri);
    this.emitter.fire({ uri, state: { statuses: {}, refusals: {} } });
  }
}

/** One hub for the extension: the canvas reads it, the deploy and watch code writes it. */
export const statusHub = new StatusHub();
