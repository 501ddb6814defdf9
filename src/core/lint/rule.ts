import type { Node } from 'yaml';
import type { DiagnosticCode, DocPath, QuickFixHint, Rule } from '../diagnostics';
import type { ManifestObject, ManifestSet } from './model';

/** What a rule found: the object it is about and the node to point at. */
export interface Finding {
  object: ManifestObject;
  /** The node the finding is about; its range becomes the diagnostic's range. Default: the object's root. */
  node?: Node;
  /** An exact range when the finding is inside a scalar (e.g. one address in a ConfigMap's config text). */
  range?: { start: number; end: number };
  /** Path of `node` inside the object. */
  path: DocPath;
  message: string;
  fix?: QuickFixHint;
  /** Other objects whose ignore annotation also silences this finding (e.g. the workload behind a ConfigMap). */
  alsoIgnoredBy?: readonly ManifestObject[];
}

export type Report = (code: DiagnosticCode, finding: Finding) => void;

/** A lint rule: a Rule over the manifest set. A file may define a few tiny related rules; each code it can report is documented in `docs`. */
export type LintRule = Rule<ManifestSet, Report>;
