import type { LintRule } from '../rule';

/** PC100 and PC101 are reported by the parser (`parse.ts`); this entry only documents them. */
export const syntaxRules: LintRule = {
  docs: [
    {
      code: 'PC100',
      severity: 'error',
      title: 'YAML syntax error',
      doc: 'The text is not valid YAML (or has duplicate keys); the document is not linted further until it parses.',
    },
    {
      code: 'PC101',
      severity: 'warning',
      title: 'File not linted',
      doc: 'The file is larger than 5 MB, a document could not be parsed at all (e.g. absurd nesting), or a rule failed; nothing is reported for that part. Not silenced by annotations.',
    },
  ],
  check() {},
};
