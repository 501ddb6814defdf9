/** Splitter: routes each item to exactly one of several streams, dropping none (book ch. "Event-Driven Batch Processing"). */
import type { Diagnostic } from '../diagnostics';
import { batchStage, outputTopics } from './support/batch-stage';
import type { ParamsOf, ParamSpecs, ResolvedComponent } from './support/types';

export interface Route {
  when: string;
  topic: string;
}

/** `predicate=>topic`; undefined when the text is not one. */
export function parseRoute(text: string): Route | undefined {
  const at = text.lastIndexOf('=>');
  if (at < 0) return undefined;
  const when = text.slice(0, at).trim();
  const topic = text.slice(at + 2).trim();
  return when && topic ? { when, topic } : undefined;
}

const routesOf = (c: ResolvedComponent<Params>): (Route | undefined)[] => c.params.routes.map(parseRoute);

const PARAMS = {
  routes: {
    type: 'string-list',
    doc: 'Routes tried in order, `predicate=>topic`; the predicate is a CEL expression over `item`, `*` matches everything.',
    default: [],
  },
  default: { type: 'string', doc: 'Output topic for items that match no route; a splitter drops nothing.', default: '' },
} as const satisfies ParamSpecs;

/** The parameters as expand() and rules() read them. */
type Params = ParamsOf<typeof PARAMS>;

export const splitter = batchStage({
  id: 'splitter',
  title: 'Splitter',
  chapter: 'Ch. 11, Event-Driven Batch Processing',
  summary: 'Sends each item to exactly one output, chosen by the first route that matches; unmatched items go to the default.',
  icon: 'split-horizontal',
  params: PARAMS,
  env: (c) => [
    { name: 'SPLIT_ROUTES', value: JSON.stringify(routesOf(c).filter((r): r is Route => !!r)) },
    { name: 'SPLIT_DEFAULT_TOPIC', value: c.params.default },
  ],
  rules(ctx) {
    const c = ctx.component;
    const out: Diagnostic[] = [];
    const routes = routesOf(c);
    const outputs = [...new Set(outputTopics(ctx.design, c.id).map((r) => r.topic))];
    routes.forEach((r, i) => {
      if (!r) {
        out.push({ code: 'PC079', severity: 'error', message: `Route ${i + 1} of '${c.id}' is not \`predicate=>topic\`, e.g. item.tier == 'premium'=>premium.`, path: [...ctx.at('routes'), i] });
      } else if (outputs.length && !outputs.includes(r.topic)) {
        out.push({ code: 'PC078', severity: 'error', message: `Route ${i + 1} of '${c.id}' sends items to '${r.topic}', which is not one of its outputs (${outputs.join(', ')}): draw that edge or fix the topic.`, path: [...ctx.at('routes'), i] });
      }
    });
    const dflt = c.params.default;
    if (dflt && outputs.length && !outputs.includes(dflt)) {
      out.push({ code: 'PC078', severity: 'error', message: `The default of '${c.id}' is '${dflt}', which is not one of its outputs (${outputs.join(', ')}).`, path: ctx.at('default') });
    }
    if (!dflt && !routes.some((r) => r?.when === '*')) {
      const routed = new Set(routes.map((r) => r?.topic));
      const spare = outputs.find((t) => !routed.has(t));
      out.push({
        code: 'PC077',
        severity: 'error',
        message: `Splitter '${c.id}' has no default route: items that match no route would be dropped, and if it drops items it is a filter. Name a default output.`,
        path: ctx.at('default'),
        ...(spare ? { fix: { kind: 'set' as const, path: ctx.at('default'), value: spare, title: `Send unmatched items to '${spare}'` } } : {}),
      });
    }
    return out;
  },
  ruleDocs: [
    {
      code: 'PC077',
      severity: 'error',
      title: 'Splitter that can drop items',
      doc: 'A splitter drops nothing: unless a route matches everything (`*=>topic`), it needs a default output. If it drops items it is a filter.',
    },
    { code: 'PC078', severity: 'error', title: 'Route to a missing output', doc: 'Every route and the default name a topic the splitter has an edge for.' },
    { code: 'PC079', severity: 'error', title: 'Malformed route', doc: 'A route is written `predicate=>topic`.' },
  ],
});
