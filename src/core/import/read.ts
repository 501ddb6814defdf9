/** Manifest text -> Kubernetes objects, each with where it came from. Bad documents are reported, never dropped silently. */
import { type Document, parseAllDocuments } from 'yaml';
import { MAX_TEXT_LENGTH, parseManifests } from '../lint/parse';
import type { K8sObject } from '../k8s/types';

export interface SourceText {
  /** A file name, or `-` for standard input. */
  name: string;
  text: string;
}

export interface InputObject {
  object: K8sObject;
  /** `file#n`: the file and the document's index in it (from 1, as an editor counts). */
  source: string;
}

export interface ReadResult {
  objects: InputObject[];
  /** One line per document that is not a Kubernetes object, with where it is. */
  problems: string[];
}

/** A Helm chart or a large folder stays well under this; a hostile input does not get parsed. */
export const MAX_IMPORT_CHARS = 32 * 1024 * 1024;
const MAX_ALIAS_COUNT = 100;

export function readManifests(sources: readonly SourceText[]): ReadResult {
  const objects: InputObject[] = [];
  const problems: string[] = [];
  let total = 0;
  for (const { name, text } of sources) {
    total += text.length;
    if (total > MAX_IMPORT_CHARS) {
      problems.push(`${name}: the input passes ${MAX_IMPORT_CHARS / 1048576} MB; it and what follows were not read`);
      break;
    }
    documents(name, text, problems).forEach((doc, i) => {
      const where = `${name}#${i + 1}`;
      if (doc.errors.length) return void problems.push(`${where}: not YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (e) {
        return void problems.push(`${where}: cannot be read safely: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (value === null || value === undefined) return; // an empty document, e.g. after a trailing ---
      for (const [k, o] of flattenList(value)) {
        const at = k === undefined ? where : `${where} items[${k}]`;
        if (isK8sObject(o)) objects.push({ object: o, source: at });
        else problems.push(`${at}: not a Kubernetes object (it needs apiVersion, kind and metadata.name)`);
      }
    });
  }
  return { objects, problems };
}

/**
 * The documents of a text, parsed the way lint parses them (nesting too deep for the parser is refused before it
 * runs); a text above lint's size limit (a large rendered chart) is parsed whole.
 */
function documents(name: string, text: string, problems: string[]): Document.Parsed[] {
  if (text.length > MAX_TEXT_LENGTH) return parseAllDocuments(text, { prettyErrors: false }) as Document.Parsed[];
  const parsed = parseManifests(text);
  for (const d of parsed.diagnostics.filter((x) => x.code === 'PC101')) problems.push(`${name}: ${d.message.replace(/^Not linted: /, 'not read: ')}`);
  return parsed.docs.map((d) => d.doc);
}

/** `kind: List` (kubectl get -o yaml) holds its objects in items. */
function flattenList(value: unknown): [number | undefined, unknown][] {
  const v = value as { kind?: unknown; items?: unknown };
  if (typeof v === 'object' && v && typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) return v.items.map((o, i) => [i, o]);
  return [[undefined, value]];
}

export function isK8sObject(o: unknown): o is K8sObject {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return false;
  const { apiVersion, kind, metadata } = o as Record<string, unknown>;
  const name = (metadata as { name?: unknown } | undefined)?.name;
  return typeof apiVersion === 'string' && typeof kind === 'string' && typeof metadata === 'object' && metadata !== null && typeof name === 'string' && name !== '';
}

/** `Kind namespace/name`, the identity an import speaks of. */
export const objectKey = (o: K8sObject): string => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
