/** Composition rules that span patterns; each pattern's own rules live in its file. */
import type { Design } from '../../design/model';
import type { Diagnostic, Rule, RuleDoc } from '../../diagnostics';
import type { DesignView } from '../../patterns/support/types';
import { attachmentRule } from './attachments';
import { capacityRule } from './capacity';
import { connectionRule } from './connections';
import { cycleRule } from './cycles';
import { portCollisionRule } from './ports';

/** What a design rule checks: the resolved view, and the design as written (its connections in document order). */
export interface DesignSubject {
  view: DesignView;
  design: Design;
}

export type DesignRule = Rule<DesignSubject, (found: Diagnostic) => void>;

export const GENERIC_RULES: readonly DesignRule[] = [attachmentRule, connectionRule, portCollisionRule, cycleRule, capacityRule];

/** Codes PC001-PC009 come from parsing and structure checks. */
export const DOCUMENT_DOCS: readonly RuleDoc[] = [
  { code: 'PC001', severity: 'error', title: 'YAML syntax error', doc: 'The text is not valid YAML; the canvas shows the error and never rewrites the file.' },
  { code: 'PC002', severity: 'error', title: 'Unsafe document', doc: 'The document is too large or uses too many aliases to be read safely.' },
  { code: 'PC003', severity: 'error', title: 'Not a design', doc: 'apiVersion must be patterncanvas.dev/v1alpha1 and kind Design.' },
  { code: 'PC004', severity: 'error', title: 'Unknown field', doc: 'A field that the format or the pattern does not know; usually a typo.' },
  { code: 'PC005', severity: 'error', title: 'Wrong type or value', doc: 'A value of the wrong type or outside its allowed range.' },
  { code: 'PC006', severity: 'error', title: 'Missing field', doc: 'A required field or parameter is missing.' },
  { code: 'PC007', severity: 'error', title: 'Unknown pattern', doc: 'The pattern id is not in the catalogue.' },
  { code: 'PC008', severity: 'error', title: 'Not a DNS-1123 name', doc: 'Names and component ids become Kubernetes names: lower-case letters, digits and -. Component ids also name Services, so they start with a letter, and stay within 47 characters so that the names made from them fit.' },
  { code: 'PC009', severity: 'error', title: 'Duplicate id', doc: 'The same key appears twice in a map, e.g. two components with one id.' },
];
