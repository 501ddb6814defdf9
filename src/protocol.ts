/**
 * The messages between the extension host and the canvas webview. Imported by both sides, so it imports neither
 * `vscode` nor the DOM. Every message the host receives goes through parseWebviewMessage before anything acts on it:
 * the webview is treated as untrusted input, and it never names a file path, a command line or a kube context.
 */
import type { Design } from './core/design/model';
import type { Intent, Point } from './core/design/intents';
import type { Diagnostic } from './core/diagnostics';
import type { StaleStatus } from './core/status/reachability';
import { isPatternId } from './core/patterns/support/ids';

// ---------------------------------------------------------------------------------------------------------------
// Host -> webview
// ---------------------------------------------------------------------------------------------------------------

/** The state of the document at `version`: the design when it parses, every diagnostic (with ranges), or the error. */
export interface DocumentMessage {
  type: 'document';
  version: number;
  design?: Design;
  diagnostics: Diagnostic[];
  /** The document index of each of design.connections (the parser drops connections it cannot use). */
  connectionIndexes?: number[];
  /** Set when the text does not parse: the canvas shows it and sends no intents until the text is fixed. */
  error?: string;
}

/** The answer to an `intent` request, matched by `id`. */
export interface IntentResultMessage {
  type: 'intentResult';
  id: number;
  ok: boolean;
  /** Why the edit was refused (stale version, illegal connection, unparsable document...). */
  error?: string;
  /** Ids of components the edit created, so the canvas can select them. */
  created?: string[];
}

/** A toolbar action started from a VS Code command (editor title menu, command palette). */
export interface CanvasCommandMessage {
  type: 'command';
  command: CanvasCommand;
}

export type CanvasCommand = 'autoLayout' | 'fitView' | 'exportSvg' | 'exportPng';

/**
 * Health of a component from the cluster, as the status model computes it (src/core/status): `absent` when none of
 * the design's objects is in this cluster, `unknown` (with the health last seen, and when) while the API server is
 * out of reach.
 */
export type LiveComponentStatus = StaleStatus;

/** Live cluster state for the overlay on each block: health from the watches, and what the last apply was refused. */
export interface LiveMessage {
  type: 'live';
  statuses: Record<string, LiveComponentStatus>;
  refusals: Record<string, string>;
  /** The kube context's name (never its credentials). */
  context?: string;
  /** Whether the host is watching this design (the toolbar's Show/Hide live status toggle). */
  watching?: boolean;
  /** Set while the watches cannot reach the API server: why, and since when (ms since the epoch). */
  unreachable?: { reason: string; since: number; lastSeen?: number };
}

export type HostToWebview = DocumentMessage | IntentResultMessage | CanvasCommandMessage | LiveMessage;

// ---------------------------------------------------------------------------------------------------------------
// Webview -> host
// ---------------------------------------------------------------------------------------------------------------

/** The app is listening; the host sends nothing before this. */
export interface ReadyMessage {
  type: 'ready';
}

/** A gesture, made against document `version`; the host drops it when the document has moved on. */
export interface IntentMessage {
  type: 'intent';
  id: number;
  version: number;
  intent: Intent;
}

/** The canvas drawn as SVG or PNG, for the host to save where the user chooses. */
export interface ExportMessage {
  type: 'export';
  format: 'svg' | 'png';
  /** SVG text, or a PNG as a `data:image/png;base64,` URL. */
  data: string;
}

/** Ask the host to generate manifests into a folder the user picks. */
export interface GenerateManifestsMessage {
  type: 'generateManifests';
}

/** Reopen this document in the text editor (e.g. from the "does not parse" banner). */
export interface OpenAsTextMessage {
  type: 'openAsText';
}

/** Show this place of the document in the text editor, e.g. ['components', 'web'] or a diagnostic's path. */
export interface RevealMessage {
  type: 'reveal';
  path: (string | number)[];
}

/** A problem inside the webview worth showing to the user (layout failed, export failed). */
export interface ReportErrorMessage {
  type: 'reportError';
  message: string;
}

/** Deploy this design to the cluster of the current kube context (the host asks, plans and applies). */
export interface DeployMessage {
  type: 'deploy';
}

/** Start or stop watching this design's objects in the current kube context (the toolbar toggle). */
export interface LiveStatusMessage {
  type: 'liveStatus';
  show: boolean;
}

/** Show the events and recent logs of one component (the user clicked its status overlay). */
export interface ShowDetailsMessage {
  type: 'showDetails';
  id: string;
}

export type WebviewToHost =
  | ReadyMessage
  | DeployMessage
  | LiveStatusMessage
  | ShowDetailsMessage
  | IntentMessage
  | ExportMessage
  | GenerateManifestsMessage
  | OpenAsTextMessage
  | RevealMessage
  | ReportErrorMessage;

// ---------------------------------------------------------------------------------------------------------------
// Runtime validation of what the host receives
// ---------------------------------------------------------------------------------------------------------------

/** Bounds that keep a hostile or buggy webview from making the host do unbounded work. */
export const LIMITS = {
  idLength: 253,
  ids: 10_000,
  stringLength: 10_000,
  exportBytes: 50 * 1024 * 1024,
  depth: 8,
} as const;

export type Parsed<T> = T | { error: string };

export const isError = <T>(p: Parsed<T>): p is { error: string } =>
  typeof p === 'object' && p !== null && 'error' in p && typeof (p as { error: unknown }).error === 'string' && !('type' in p);

class Refusal extends Error {}
const refuse = (why: string): never => {
  throw new Refusal(why);
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function obj(v: unknown, what: string): Obj {
  if (!isObj(v)) refuse(`${what} must be an object`);
  return v as Obj;
}

/** Only the listed keys may be present, so nothing unexpected rides along. */
function only(o: Obj, what: string, keys: readonly string[]): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) refuse(`${what}: unexpected field '${k}'`);
}

function str(v: unknown, what: string, max: number = LIMITS.stringLength): string {
  if (typeof v !== 'string') refuse(`${what} must be a string`);
  if ((v as string).length > max) refuse(`${what} is too long`);
  return v as string;
}

function id(v: unknown, what: string): string {
  const s = str(v, what, LIMITS.idLength);
  if (s.length === 0) refuse(`${what} must not be empty`);
  return s;
}

function int(v: unknown, what: string, min = 0): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) refuse(`${what} must be an integer >= ${min}`);
  return v as number;
}

function finite(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) refuse(`${what} must be a finite number`);
  return v as number;
}

function point(v: unknown, what: string): Point {
  if (!Array.isArray(v) || v.length !== 2) refuse(`${what} must be [x, y]`);
  const [x, y] = v as unknown[];
  return [finite(x, `${what}[0]`), finite(y, `${what}[1]`)];
}

function idList(v: unknown, what: string): string[] {
  if (!Array.isArray(v)) refuse(`${what} must be a list`);
  const list = v as unknown[];
  if (list.length > LIMITS.ids) refuse(`${what} has too many entries`);
  return list.map((x, i) => id(x, `${what}[${i}]`));
}

/** Plain JSON data (what a YAML scalar, list or map can hold), bounded in depth. */
function jsonValue(v: unknown, what: string, depth = 0): unknown {
  if (depth > LIMITS.depth) refuse(`${what} is nested too deeply`);
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'number') return finite(v, what);
  if (typeof v === 'string') return str(v, what);
  if (Array.isArray(v)) {
    if (v.length > LIMITS.ids) refuse(`${what} has too many entries`);
    return v.map((x, i) => jsonValue(x, `${what}[${i}]`, depth + 1));
  }
  if (isObj(v)) return record(v, what, (x, k) => jsonValue(x, k, depth + 1));
  return refuse(`${what} must be JSON data`);
}

function record<T>(v: unknown, what: string, each: (x: unknown, what: string) => T): Record<string, T> {
  const o = obj(v, what);
  const keys = Object.keys(o);
  if (keys.length > LIMITS.ids) refuse(`${what} has too many entries`);
  const out: Record<string, T> = {};
  for (const k of keys) {
    id(k, `${what} key`);
    // A key like __proto__ would not become an own property of a plain object.
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') refuse(`${what}: key '${k}' is not allowed`);
    out[k] = each(o[k], `${what}.${k}`);
  }
  return out;
}

function pattern(v: unknown, what: string) {
  if (!isPatternId(v)) refuse(`${what} is not a pattern of the catalogue`);
  return v as Extract<Intent, { type: 'addComponent' }>['pattern'];
}

function connection(v: unknown, what: string) {
  const c = obj(v, what);
  only(c, what, ['from', 'to', 'topic', 'weight', 'description']);
  return {
    from: id(c.from, `${what}.from`),
    to: id(c.to, `${what}.to`),
    ...(c.topic !== undefined ? { topic: str(c.topic, `${what}.topic`) } : {}),
    ...(c.weight !== undefined ? { weight: finite(c.weight, `${what}.weight`) } : {}),
    ...(c.description !== undefined ? { description: str(c.description, `${what}.description`) } : {}),
  };
}

function componentSpec(v: unknown, what: string) {
  const c = obj(v, what);
  const rest = record(c, what, (x, k) => jsonValue(x, k));
  return { ...rest, pattern: pattern(c.pattern, `${what}.pattern`) };
}

const optional = <T>(v: unknown, f: (v: unknown) => T): T | undefined => (v === undefined ? undefined : f(v));
const defined = <T extends Obj>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as T;

/** Check an intent's shape field by field; whether it makes sense for the document is edit.ts's business. */
export function parseIntent(raw: unknown): Intent {
  const i = obj(raw, 'intent');
  const t = i.type;
  switch (t) {
    case 'addComponent':
      only(i, t, ['type', 'pattern', 'id', 'attachTo', 'position', 'params']);
      return defined({
        type: t,
        pattern: pattern(i.pattern, 'pattern'),
        id: optional(i.id, (v) => id(v, 'id')),
        attachTo: optional(i.attachTo, (v) => id(v, 'attachTo')),
        position: optional(i.position, (v) => point(v, 'position')),
        params: optional(i.params, (v) => record(v, 'params', (x, k) => jsonValue(x, k))),
      });
    case 'removeComponents':
      only(i, t, ['type', 'ids']);
      return { type: t, ids: idList(i.ids, 'ids') };
    case 'renameComponent':
      only(i, t, ['type', 'from', 'to']);
      return { type: t, from: id(i.from, 'from'), to: id(i.to, 'to') };
    case 'setParam':
      only(i, t, ['type', 'id', 'param', 'value']);
      // value undefined is meaningful (remove the key); postMessage drops undefined fields, so absence means it too.
      return { type: t, id: id(i.id, 'id'), param: id(i.param, 'param'), value: optional(i.value, (v) => jsonValue(v, 'value')) };
    case 'connect':
      only(i, t, ['type', 'from', 'to', 'topic', 'weight']);
      return defined({
        type: t,
        from: id(i.from, 'from'),
        to: id(i.to, 'to'),
        topic: optional(i.topic, (v) => str(v, 'topic')),
        weight: optional(i.weight, (v) => finite(v, 'weight')),
      });
    case 'disconnect': {
      only(i, t, ['type', 'indexes']);
      if (!Array.isArray(i.indexes) || i.indexes.length > LIMITS.ids) refuse('indexes must be a list');
      return { type: t, indexes: (i.indexes as unknown[]).map((x, n) => int(x, `indexes[${n}]`)) };
    }
    case 'moveComponents':
      only(i, t, ['type', 'positions']);
      return { type: t, positions: record(i.positions, 'positions', point) };
    case 'paste': {
      only(i, t, ['type', 'components', 'connections', 'positions']);
      if (!Array.isArray(i.connections) || i.connections.length > LIMITS.ids) refuse('connections must be a list');
      return defined({
        type: t,
        components: record(i.components, 'components', componentSpec),
        connections: (i.connections as unknown[]).map((c, n) => connection(c, `connections[${n}]`)),
        positions: optional(i.positions, (v) => record(v, 'positions', point)),
      });
    }
    default:
      return refuse(`unknown intent type ${JSON.stringify(typeof t === 'string' ? t.slice(0, 40) : t)}`);
  }
}

/** Validate a message from the webview; anything malformed is refused with the reason, never acted on. */
export function parseWebviewMessage(raw: unknown): Parsed<WebviewToHost> {
  try {
    const m = obj(raw, 'message');
    switch (m.type) {
      case 'ready':
      case 'generateManifests':
      case 'openAsText':
      case 'deploy':
        only(m, m.type, ['type']);
        return { type: m.type };
      case 'liveStatus':
        only(m, 'liveStatus', ['type', 'show']);
        if (typeof m.show !== 'boolean') return refuse('show must be true or false');
        return { type: 'liveStatus', show: m.show };
      case 'showDetails':
        only(m, 'showDetails', ['type', 'id']);
        return { type: 'showDetails', id: id(m.id, 'id') };
      case 'intent':
        only(m, 'intent', ['type', 'id', 'version', 'intent']);
        return { type: 'intent', id: int(m.id, 'id'), version: int(m.version, 'version'), intent: parseIntent(m.intent) };
      case 'export': {
        only(m, 'export', ['type', 'format', 'data']);
        if (m.format !== 'svg' && m.format !== 'png') return refuse("format must be 'svg' or 'png'");
        const data = str(m.data, 'data', LIMITS.exportBytes);
        if (m.format === 'png' && !data.startsWith('data:image/png;base64,')) refuse('a PNG export must be a data:image/png;base64 URL');
        if (m.format === 'svg' && !/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(data)) refuse('an SVG export must start with <svg');
        return { type: 'export', format: m.format, data };
      }
      case 'reveal': {
        only(m, 'reveal', ['type', 'path']);
        if (!Array.isArray(m.path) || m.path.length > LIMITS.depth) refuse('path must be a short list');
        const path = (m.path as unknown[]).map((x, i) => (typeof x === 'number' ? int(x, `path[${i}]`) : str(x, `path[${i}]`, LIMITS.idLength)));
        return { type: 'reveal', path };
      }
      case 'reportError':
        only(m, 'reportError', ['type', 'message']);
        return { type: 'reportError', message: str(m.message, 'message', 2_000) };
      default:
        return refuse(`unknown message type ${JSON.stringify(typeof m.type === 'string' ? m.type.slice(0, 40) : m.type)}`);
    }
  } catch (e) {
    if (e instanceof Refusal) return { error: e.message };
    throw e;
  }
}
