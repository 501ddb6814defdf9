/**
 * Starter designs: what a template is called and says (read from its text), the file name proposed for a new
 * design made from it, and the text written. The editor command and the CLI only add the I/O.
 */
import { isMap, isScalar, type Node, parseDocument, type YAMLMap } from 'yaml';
import { isDns1123Label } from './model';
import { keyOf } from '../yaml/keys';

export const DESIGN_SUFFIX = '.patterns.yaml';

export interface TemplateInfo {
  /** The file name without `.patterns.yaml`, e.g. `sharded-redis`. */
  id: string;
  fileName: string;
  title: string;
  description: string;
}

/**
 * Title and description of a template: the first `# ` comment line of its header is the title, the second the
 * description; metadata.description stands in for a missing second line, the file name for a missing title.
 */
export function templateInfo(fileName: string, text: string): TemplateInfo {
  const id = fileName.endsWith(DESIGN_SUFFIX) ? fileName.slice(0, -DESIGN_SUFFIX.length) : fileName.replace(/\.ya?ml$/, '');
  const header = headerComments(text);
  const title = header[0] ?? humanize(id);
  const description = header[1] ?? metadataDescription(text) ?? '';
  return { id, fileName, title, description };
}

/** The comment lines before the first content line, without `# `; editor modelines are not prose. */
function headerComments(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const m = /^#\s?(.*)$/.exec(line.trim());
    if (!m) break;
    const body = m[1]!.trim();
    if (body && !/^(yaml-language-server|@schema|vim?:|-\*-)/.test(body)) out.push(body);
  }
  return out;
}

function metadataDescription(text: string): string | undefined {
  const v = parseDocument(text).getIn(['metadata', 'description']);
  return typeof v === 'string' && v.trim() ? v.replace(/\s+/g, ' ').trim() : undefined;
}

const humanize = (id: string): string => (id.charAt(0).toUpperCase() + id.slice(1)).replace(/-/g, ' ');

/** `<id>.patterns.yaml`, or `<id>-2.patterns.yaml`… — the first name not in `taken` (compared case-insensitively). */
export function proposeFileName(id: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  const stem = designNameFor(id);
  if (!used.has(`${stem}${DESIGN_SUFFIX}`)) return `${stem}${DESIGN_SUFFIX}`;
  for (let i = 2; ; i++) if (!used.has(`${stem}-${i}${DESIGN_SUFFIX}`)) return `${stem}-${i}${DESIGN_SUFFIX}`;
}

/**
 * What the person typed as a file name -> the file name to write (`.patterns.yaml` added when missing), or why it
 * cannot be one. Only a plain name: the folder is chosen separately, so a path never sneaks in.
 */
export function checkDesignFileName(input: string): { ok: true; fileName: string } | { ok: false; error: string } {
  const name = input.trim();
  if (!name) return { ok: false, error: 'Give the new design a file name.' };
  if (/[/\\]/.test(name) || name === '.' || name === '..') return { ok: false, error: 'A file name only, without folders.' };
  if (/[<>:"|?*]/.test(name) || [...name].some((ch) => ch.charCodeAt(0) < 32)) return { ok: false, error: 'The name has characters a file name cannot have.' };
  const fileName = name.endsWith(DESIGN_SUFFIX) ? name : `${name.replace(/\.ya?ml$/, '')}${DESIGN_SUFFIX}`;
  if (fileName === DESIGN_SUFFIX) return { ok: false, error: 'Give the new design a file name.' };
  return { ok: true, fileName };
}

/** A DNS-1123 label from a file name: `My Shop.patterns.yaml` -> `my-shop`. */
export function designNameFor(fileName: string): string {
  const stem = fileName.endsWith(DESIGN_SUFFIX) ? fileName.slice(0, -DESIGN_SUFFIX.length) : fileName;
  const label = stem.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
  return label || 'design';
}

/**
 * The text of a new design made from a template and saved as `fileName`: the template byte for byte, except that
 * metadata.name becomes the file's name (the name is what every generated object is labelled with, so two designs
 * made from one template must not share it).
 */
export function designFromTemplate(templateText: string, fileName: string): string {
  const name = designNameFor(fileName);
  if (!isDns1123Label(name)) return templateText;
  const doc = parseDocument(templateText, { keepSourceTokens: true });
  if (doc.errors.length) return templateText;
  const meta = doc.getIn(['metadata'], true);
  if (!isMap(meta)) return templateText;
  const pair = (meta as YAMLMap).items.find((p) => keyOf(p) === 'name');
  const value = pair?.value as Node | null | undefined;
  if (!isScalar(value) || !value.range || value.range[1] <= value.range[0] || value.value === name) return templateText;
  // A DNS-1123 label never needs quotes; replacing only the scalar keeps any comment after it.
  return templateText.slice(0, value.range[0]) + name + templateText.slice(value.range[1]);
}
