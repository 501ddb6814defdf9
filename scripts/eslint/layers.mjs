// The import arrows of ARCHITECTURE section 3 as one ESLint rule. `no-restricted-imports` sees only static imports;
// an arrow can also be crossed by `import('x')`, `require('x')`, a type `import('x').T` or `export … from 'x'`, so
// this rule checks every place a module is named.
import { builtinModules } from 'node:module';

/** Every Node built-in, with and without the `node:` prefix. */
export const NODE_BUILTINS = new RegExp(`^(node:.*|${builtinModules.map((m) => m.replace(/[/.]/g, '\\$&')).join('|')})(/.*)?$`);

/** The module a node names, if it names one by a string literal. */
function moduleNamed(node) {
  switch (node.type) {
    case 'ImportDeclaration':
    case 'ExportAllDeclaration':
    case 'ExportNamedDeclaration':
    case 'ImportExpression':
      return node.source?.type === 'Literal' ? node.source.value : undefined;
    case 'CallExpression':
      return node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal'
        ? node.arguments[0].value : undefined;
    case 'TSImportType': {
      const arg = node.argument?.literal ?? node.argument;
      return arg?.type === 'Literal' ? arg.value : undefined;
    }
    case 'TSExternalModuleReference':
      return node.expression?.type === 'Literal' ? node.expression.value : undefined;
    default:
      return undefined;
  }
}

const layerRule = {
  meta: {
    type: 'problem',
    docs: { description: 'A layer names only the modules its arrows allow, however it names them.' },
    schema: [{ type: 'array', items: { type: 'object', properties: { regex: {}, message: { type: 'string' } }, required: ['regex', 'message'] } }],
  },
  create(context) {
    const forbidden = (context.options[0] ?? []).map(({ regex, message }) => ({ re: regex instanceof RegExp ? regex : new RegExp(regex), message }));
    const check = (node) => {
      const name = moduleNamed(node);
      if (typeof name !== 'string') return;
      const hit = forbidden.find(({ re }) => re.test(name));
      if (hit) context.report({ node, message: `'${name}': ${hit.message}` });
    };
    return Object.fromEntries(['ImportDeclaration', 'ExportAllDeclaration', 'ExportNamedDeclaration', 'ImportExpression',
      'CallExpression', 'TSImportType', 'TSExternalModuleReference'].map((t) => [t, check]));
  },
};

export const layersPlugin = { rules: { imports: layerRule } };

/** A config block: files in `files` may not name a module matching any of `forbidden` ({ regex, message }). */
export const layer = (files, forbidden) => ({
  files,
  plugins: { layers: layersPlugin },
  // As strings: options must survive ESLint's config serialisation (e.g. --cache).
  rules: { 'layers/imports': ['error', forbidden.map(({ regex, message }) => ({ regex: regex instanceof RegExp ? regex.source : regex, message }))] },
});
