/** The capacity estimates in the inspector: the whole design's when nothing is selected, one component's and its load otherwise. */
import { badges, type CapacityReport, type Estimate, overCapacity } from '../../src/core/capacity/estimate';
import { LOAD_FIELD_NAMES, LOAD_FIELDS } from '../../src/core/design/load';
import type { Diagnostic } from '../../src/core/diagnostics';
import { paramText, paramValue } from '../graph/gestures';
import { TextField } from '../ui';
import { Messages } from './Messages';

const over = overCapacity;

/** Every component's badges and the bottleneck; the same figures `validate --capacity` prints. */
export function DesignCapacity({ report }: { report: CapacityReport }) {
  if (report.estimates.length === 0) return null;
  return (
    <section className="capacity" aria-label="Capacity" data-testid="capacity-panel">
      <h3>Capacity</h3>
      {report.bottleneck && (
        <p className="capacity-bottleneck">
          Bottleneck: <code>{report.bottleneck.id}</code> at {(report.bottleneck.utilisation * 100).toFixed(1)}% utilisation
        </p>
      )}
      <ul>
        {report.estimates.map((e) => (
          <li key={e.id} className={over(e) ? 'over' : undefined} title={e.notes.join('\n')}>
            <code>{e.id}</code> {badges(e).join(' · ')}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What the models say about one component, near the top of its inspector. */
export function ComponentEstimate({ id, estimate }: { id: string; estimate: Estimate | undefined }) {
  return (
    <section className="capacity" aria-label={`Capacity of ${id}`} data-testid="component-capacity">
      <h3>Capacity</h3>
      {estimate ? (
        <ul className={`capacity-notes${over(estimate) ? ' over' : ''}`}>
          {estimate.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      ) : (
        <p className="hint">Set load.rate below (or connect something with a load) to see utilisation and p99 here.</p>
      )}
    </section>
  );
}

export interface LoadFieldsProps {
  id: string;
  load: unknown;
  /** Diagnostics about load.<field>, by field. */
  diagnostics: (field: string) => Diagnostic[];
  readOnly: boolean;
  onSet(param: string, value: unknown): void;
}

/** The component's load, one field at a time (each edit changes one field of `load:`). */
export function LoadFields({ load, diagnostics, readOnly, onSet }: LoadFieldsProps) {
  const written = typeof load === 'object' && load !== null && !Array.isArray(load) ? (load as Record<string, unknown>) : {};
  return (
    <section className="capacity load-fields">
      <h3>Load</h3>
      {LOAD_FIELD_NAMES.map((f) => {
        const spec = LOAD_FIELDS[f];
        const problems = diagnostics(f);
        return (
          <div key={f} className={`field${problems.length ? ' has-problem' : ''}`} data-param={`load.${f}`}>
            <label className="field-name">load.{f}</label>
            <TextField
              label={`load.${f}`}
              value={paramText(written[f])}
              placeholder={paramText(spec.default)}
              invalid={problems.length > 0}
              readOnly={readOnly}
              onCommit={(v) => onSet(`load.${f}`, paramValue(spec, v))}
              testId={`param-load-${f}`}
            />
            <div className="field-doc">{spec.doc}</div>
            <Messages diagnostics={problems} />
          </div>
        );
      })}
    </section>
  );
}
