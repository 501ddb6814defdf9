/** Diagnostics as a list, severity first; the same text the Problems panel shows. */
import type { Diagnostic } from '../../src/core/diagnostics';
import { bySeverity } from '../graph/diagnosticIndex';
import { Icon } from '../ui';

export function Messages({ diagnostics }: { diagnostics: readonly Diagnostic[] }) {
  if (diagnostics.length === 0) return null;
  return (
    <ul className="messages" role="status">
      {bySeverity(diagnostics).map((d, i) => (
        <li key={i} className={`message sev-${d.severity}`} data-testid="message">
          <Icon name={d.severity === 'info' ? 'info' : d.severity} />
          <span>
            {d.message} <span className="code">{d.code}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
