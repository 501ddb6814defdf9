/** The documentation page behind a diagnostic's code link. No `vscode` import. */
import type { RuleDoc } from '../../core/diagnostics';
import { IGNORE_ANNOTATION, LINT_RULES } from '../../core/lint/index';
import { DESIGN_RULES } from '../../core/validate/index';

/** URI scheme of the read-only rule pages (`pattern-canvas-rule:/PC115.md`). */
export const RULE_SCHEME = 'pattern-canvas-rule';

const byCode = new Map<string, RuleDoc>([...DESIGN_RULES, ...LINT_RULES].map((r) => [r.code, r]));

export const ruleDoc = (code: string): RuleDoc | undefined => byCode.get(code);

/** Codes from 100 up are about plain manifests (they can be silenced per object), below about designs. */
const isManifestCode = (code: string): boolean => Number(code.slice(2)) >= 100;

export function ruleMarkdown(code: string): string {
  const rule = ruleDoc(code);
  if (!rule) return `# ${code}\n\nNo documentation for this code.\n`;
  const silence = isManifestCode(code)
    ? `- for one object: the annotation \`${IGNORE_ANNOTATION}: ${code}\` on the object (or its pod template);\n- everywhere: add \`${code}\` to the setting \`patternCanvas.lint.exclude\`.`
    : `- everywhere: add \`${code}\` to the setting \`patternCanvas.lint.exclude\`.`;
  return [`# ${code} — ${rule.title}`, '', `Severity: **${rule.severity}**`, '', rule.doc, '', '## Silencing it', '', silence, ''].join('\n');
}
