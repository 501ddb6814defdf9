/** The selected component: id, placement and every parameter with its doc and default; the validator's messages inline. */
import type { Intent } from '../../src/core/design/intents';
import type { Design } from '../../src/core/design/model';
import type { Diagnostic } from '../../src/core/diagnostics';
import { patternDef } from '../../src/core/patterns/index';
import type { ParamSpec } from '../../src/core/patterns/support/types';
import { type DiagnosticIndex, paramKey } from '../graph/diagnosticIndex';
import { paramText, paramValue } from '../graph/gestures';
import { Button, Checkbox, Dropdown, Icon, TextField } from '../ui';
import type { CapacityReport } from '../../src/core/capacity/estimate';
import { ComponentEstimate, DesignCapacity, LoadFields } from './Capacity';
import { Messages } from './Messages';

export interface InspectorProps {
  design: Design;
  diagnostics: DiagnosticIndex;
  /** Selected component ids and connection indexes. */
  components: string[];
  connections: number[];
  /** Document index of each design connection (see DocumentMessage). */
  connectionIndexes: readonly number[] | undefined;
  /** Diagnostics about the design as a whole, shown when nothing is selected. */
  general: readonly Diagnostic[];
  readOnly: boolean;
  /** What the capacity models say about the design (src/core/capacity). */
  capacity: CapacityReport;
  /** Connect from the inspector: the keyboard's way to draw an edge. */
  onConnect(from: string, to: string): void;
  onIntent(intent: Intent): void;
  onRename(from: string, to: string): void;
  onDelete(): void;
  /** Show a place of the document (a component, a parameter) in the text editor. */
  onReveal(path: (string | number)[]): void;
}

export function Inspector(props: InspectorProps) {
  const { design, components, connections } = props;
  if (components.length === 1 && connections.length === 0 && design.components[components[0]!]) {
    return <ComponentInspector {...props} id={components[0]!} />;
  }
  const count = components.length + connections.length;
  return (
    <aside className="inspector" aria-label="Inspector">
      {count === 0 ? (
        <>
          <h2>{design.metadata.name || 'Design'}</h2>
          <Messages diagnostics={props.general} />
          <DesignCapacity report={props.capacity} />
          <p className="hint">
            Select a block to edit its parameters. Drag blocks from the palette (or focus one and press Enter); connect blocks by dragging from the
            right handle of one to the left handle of another, or from the inspector. Tab moves between blocks; arrow keys move the selected
            ones; Delete removes them; F2 renames.
          </p>
        </>
      ) : (
        <>
          <h2>{count === 1 && connections.length === 1 ? 'Connection' : `${count} selected`}</h2>
          {connections.map((i) => (
            <ConnectionSummary key={i} design={design} index={i} connectionIndexes={props.connectionIndexes} diagnostics={props.diagnostics.byConnection.get(i) ?? []} />
          ))}
          {!props.readOnly && <Button icon="trash" label="Delete the selection (Delete)" onClick={props.onDelete}>Delete</Button>}
        </>
      )}
    </aside>
  );
}

/** The design's connection at a document index. */
const connectionAt = (design: Design, indexes: readonly number[] | undefined, docIndex: number) => {
  const i = indexes ? indexes.indexOf(docIndex) : docIndex;
  return i >= 0 ? design.connections[i] : undefined;
};

function ConnectionSummary(props: { design: Design; index: number; connectionIndexes: readonly number[] | undefined; diagnostics: Diagnostic[] }) {
  const { diagnostics } = props;
  const c = connectionAt(props.design, props.connectionIndexes, props.index);
  return (
    <div className="connection-summary">
      {c && (
        <p>
          <code>{c.from}</code> → <code>{c.to}</code>
          {c.topic ? ` (topic ${c.topic})` : ''}
        </p>
      )}
      <Messages diagnostics={diagnostics} />
    </div>
  );
}

function ComponentInspector(props: InspectorProps & { id: string }) {
  const { id, design, diagnostics, readOnly, onIntent, onRename, onDelete, onReveal } = props;
  const spec = design.components[id]!;
  const def = patternDef(spec.pattern);
  const own = (diagnostics.byComponent.get(id) ?? []).filter((d) => d.path.length <= 2 || d.path[0] === 'layout');
  const at = (param: string) => diagnostics.byParam.get(paramKey(id, param)) ?? [];
  const set = (param: string, value: unknown) => onIntent({ type: 'setParam', id, param, value });
  const hosts = Object.entries(design.components).filter(([, c]) => def?.attachesTo?.includes(c.pattern) ?? patternDef(c.pattern)?.role === 'workload');
  return (
    <aside className="inspector" aria-label={`Inspector: ${id}`} data-testid="inspector">
      <h2>
        <Icon name={def?.icon ?? 'symbol-misc'} /> {def?.title ?? spec.pattern}
      </h2>
      {def && <p className="doc">{def.summary} <span className="chapter">{def.chapter}</span></p>}
      <Messages diagnostics={own} />
      {def?.role !== 'attachment' && <ComponentEstimate id={id} estimate={props.capacity.estimates.find((e) => e.id === id)} />}
      <Field name="id" doc="Stable id: the key in components; connections, attachTo and layout follow a rename." diagnostics={[]}>
        <TextField id="inspector-id" label="Component id" value={id} readOnly={readOnly} onCommit={(v) => onRename(id, v)} testId="inspector-id" />
      </Field>
      {def?.role === 'attachment' && (
        <Field name="attachTo" doc="The workload whose pod this container joins." diagnostics={at('attachTo')}>
          <Dropdown
            label="attachTo"
            value={typeof spec.attachTo === 'string' ? spec.attachTo : ''}
            options={[{ value: '', label: '(none)' }, ...hosts.map(([h]) => ({ value: h, label: h }))]}
            disabled={readOnly}
            invalid={at('attachTo').length > 0}
            onChange={(v) => set('attachTo', v || undefined)}
            testId="param-attachTo"
          />
        </Field>
      )}
      <Field name="description" doc="What this component is for, in a sentence." diagnostics={at('description')}>
        <TextField label="description" value={paramText(spec.description)} readOnly={readOnly} onCommit={(v) => set('description', v.trim() || undefined)} testId="param-description" />
      </Field>
      {def &&
        Object.entries(def.params).map(([name, p]) => (
          <Field key={name} name={name} doc={p.doc} spec={p} diagnostics={at(name)}>
            <ParamInput id={id} name={name} spec={p} value={spec[name]} invalid={at(name).length > 0} readOnly={readOnly} onSet={set} />
          </Field>
        ))}
      {def?.role !== 'attachment' && (
        <LoadFields
          id={id}
          load={spec.load}
          diagnostics={(f) => diagnostics.byComponent.get(id)?.filter((d) => d.path[2] === 'load' && d.path[3] === f) ?? []}
          readOnly={readOnly}
          onSet={set}
        />
      )}
      <Connections {...props} />
      <div className="inspector-actions">
        {!readOnly && <Button icon="trash" label={`Delete ${id} (Delete)`} onClick={onDelete}>Delete</Button>}
        <Button icon="go-to-file" label={`Show ${id} in the text editor`} onClick={() => onReveal(['components', id])} testId="show-in-text">Show in text</Button>
      </div>
    </aside>
  );
}

function Field({ name, doc, spec, diagnostics, children }: { name: string; doc: string; spec?: ParamSpec; diagnostics: Diagnostic[]; children: React.ReactNode }) {
  const dflt = spec?.default;
  const hasDefault = dflt !== undefined && !(Array.isArray(dflt) && dflt.length === 0) && dflt !== '';
  return (
    <div className={`field${diagnostics.length ? ' has-problem' : ''}`} data-param={name}>
      <label className="field-name">
        {name}
        {spec?.required && <span className="required" title="required"> *</span>}
      </label>
      {children}
      <div className="field-doc">
        {doc}
        {hasDefault && <span className="field-default"> Default: <code>{paramText(dflt)}</code>.</span>}
      </div>
      <Messages diagnostics={diagnostics} />
    </div>
  );
}

function ParamInput(props: { id: string; name: string; spec: ParamSpec; value: unknown; invalid: boolean; readOnly: boolean; onSet(param: string, value: unknown): void }) {
  const { name, spec, value, invalid, readOnly, onSet } = props;
  // Carried objects are edited in the text, where their YAML is; the inspector names them.
  if (spec.type === 'object-list') return <p className="field-objects" data-testid={`param-${name}`}>{objectsSummary(value)}</p>;
  if (spec.type === 'boolean') {
    const checked = typeof value === 'boolean' ? value : spec.default === true;
    return <Checkbox label={name} checked={checked} disabled={readOnly} onChange={(v) => onSet(name, v)} testId={`param-${name}`} />;
  }
  if (spec.type === 'enum' && spec.enum) {
    const current = typeof value === 'string' ? value : '';
    const options = [
      { value: '', label: `(default${spec.default !== undefined ? `: ${paramText(spec.default)}` : ''})` },
      ...spec.enum.map((v) => ({ value: v, label: v })),
      // A value outside the enum stays visible (and invalid) rather than silently shown as the default.
      ...(current && !spec.enum.includes(current) ? [{ value: current, label: current }] : []),
    ];
    return <Dropdown label={name} value={current} options={options} invalid={invalid} disabled={readOnly} onChange={(v) => onSet(name, v || undefined)} testId={`param-${name}`} />;
  }
  return (
    <TextField
      label={name}
      value={paramText(value)}
      placeholder={paramText(spec.default)}
      invalid={invalid}
      readOnly={readOnly}
      onCommit={(v) => onSet(name, paramValue(spec, v))}
      testId={`param-${name}`}
    />
  );
}

function objectsSummary(value: unknown): string {
  if (!Array.isArray(value) || !value.length) return '(none)';
  const names = value.map((o: { kind?: unknown; metadata?: { name?: unknown } }) => `${String(o?.kind)} ${String(o?.metadata?.name)}`);
  return `${names.length} object${names.length === 1 ? '' : 's'}: ${names.join(', ')}`;
}

/** Outgoing and incoming connections of a component, and a keyboard way to add one. */
function Connections({ id, design, readOnly, connectionIndexes, onIntent, onConnect }: InspectorProps & { id: string }) {
  const links = design.connections.map((c, i) => ({ c, index: connectionIndexes?.[i] ?? i })).filter(({ c }) => c.from === id || c.to === id);
  // Every other component is offered; an illegal choice is refused with the reason, as a drag would be
  // (checking each candidate up front costs a design view per component on large designs).
  const connected = new Set(links.filter(({ c }) => c.from === id).map(({ c }) => c.to));
  const targets = Object.keys(design.components).filter((to) => to !== id && !connected.has(to));
  return (
    <section className="connections" aria-label={`Connections of ${id}`}>
      <h3>Connections</h3>
      {links.length === 0 && <p className="hint">None.</p>}
      <ul>
        {links.map(({ c, index }) => (
          <li key={index}>
            <span>{c.from === id ? <>→ <code>{c.to}</code></> : <>← <code>{c.from}</code></>}</span>
            {!readOnly && (
              <Button appearance="icon" icon="close" label={`Remove the connection ${c.from} → ${c.to}`} onClick={() => onIntent({ type: 'disconnect', indexes: [index] })} />
            )}
          </li>
        ))}
      </ul>
      {!readOnly && targets.length > 0 && (
        <Dropdown
          label={`Connect ${id} to`}
          value=""
          options={[{ value: '', label: 'Connect to…' }, ...targets.map((t) => ({ value: t, label: t }))]}
          onChange={(to) => to && onConnect(id, to)}
          testId="connect-to"
        />
      )}
    </section>
  );
}
