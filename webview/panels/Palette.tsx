/** Every pattern of the catalogue, grouped as the book groups them. Drag a block onto the canvas, or press Enter. */
import { type DragEvent, type KeyboardEvent, memo } from 'react';
import type { PatternId } from '../../src/core/patterns/support/ids';
import { Icon } from '../ui';
import { PALETTE_MIME, paletteGroups } from './paletteGroups';

export interface PaletteProps {
  /** Enter or Space on a block: add it (attachments go to the selected workload). */
  onActivate(pattern: PatternId): void;
  disabled: boolean;
}

/** Memoised: the palette does not change with the document, only with `disabled`. */
export const Palette = memo(function Palette({ onActivate, disabled }: PaletteProps) {
  const onDragStart = (e: DragEvent, pattern: PatternId) => {
    e.dataTransfer.setData(PALETTE_MIME, pattern);
    e.dataTransfer.effectAllowed = 'copy';
  };
  const onKeyDown = (e: KeyboardEvent, pattern: PatternId) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onActivate(pattern);
    }
  };
  return (
    <nav className="palette" aria-label="Pattern palette">
      {paletteGroups().map((g) => (
        <section key={g.group} aria-labelledby={`palette-${g.group}`}>
          <h2 id={`palette-${g.group}`}>{g.title}</h2>
          <ul>
            {g.patterns.map((p) => (
              <li
                key={p.id}
                className="palette-item"
                draggable={!disabled}
                tabIndex={0}
                role="button"
                aria-disabled={disabled}
                aria-label={`${p.title}: ${p.summary}`}
                title={`${p.title} (${p.chapter})\n${p.summary}`}
                data-pattern={p.id}
                onDragStart={(e) => onDragStart(e, p.id)}
                onKeyDown={(e) => onKeyDown(e, p.id)}
                onDoubleClick={() => onActivate(p.id)}
              >
                <Icon name={p.icon} className="palette-icon" />
                <div>
                  <div className="palette-title">{p.title}</div>
                  <div className="palette-summary">{p.summary}</div>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
});
