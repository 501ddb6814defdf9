/**
 * Canvas gestures as intents. The host turns each into the smallest text edit of the design document
 * (see edit.ts); the webview never edits text itself.
 */
import type { PatternId } from '../patterns/support/ids';
import type { TextEdit } from '../yaml/text';
import type { ComponentSpec, Connection } from './model';

export type Point = [number, number];

export type Intent =
  /** Add a component with the catalogue's defaults; id is made unique from the pattern id when omitted. */
  | { type: 'addComponent'; pattern: PatternId; id?: string; attachTo?: string; position?: Point; params?: Record<string, unknown> }
  /** Remove components, their connections, their layout entries and the attachments that live in their pods. */
  | { type: 'removeComponents'; ids: string[] }
  /** Rename a component; connections, attachTo and layout follow. */
  | { type: 'renameComponent'; from: string; to: string }
  /** Set a parameter (or attachTo/description); value undefined removes the key (back to the default). */
  | { type: 'setParam'; id: string; param: string; value: unknown }
  | { type: 'connect'; from: string; to: string; topic?: string; weight?: number }
  /** Remove the connections at these indexes of `connections`. */
  | { type: 'disconnect'; indexes: number[] }
  /** Positions written when a drag ends. */
  | { type: 'moveComponents'; positions: Record<string, Point> }
  /** Paste components (ids made unique) and the connections among them. */
  | { type: 'paste'; components: Record<string, ComponentSpec>; connections: Connection[]; positions?: Record<string, Point> };

export type EditResult = { ok: true; edits: TextEdit[]; /** ids created, e.g. for selection */ created?: string[] } | { ok: false; error: string };
