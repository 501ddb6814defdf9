/** Which components of a design the "Generate code" command offers, and which one the cursor is in. */
import { type Document, isMap } from 'yaml';
import type { Design } from '../design/model';
import { keyOf } from '../yaml/keys';
import { designView } from '../design/view';
import type { ResolvedComponent } from '../patterns/support/types';
import { hasStarterCode } from './kinds';

/** The components that have starter code, in document order, with their parameters' defaults applied. */
export function starterCodeComponents(design: Design): ResolvedComponent[] {
  return [...designView(design).components.values()].filter(hasStarterCode);
}

/** The id of the component whose entry (key and body) contains offset, e.g. the text cursor. */
export function componentAtOffset(doc: Document, offset: number): string | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const components = root.items.find((p) => keyOf(p) === 'components')?.value;
  if (!isMap(components)) return undefined;
  for (const pair of components.items) {
    const start = (pair.key as { range?: [number, number] } | null)?.range?.[0];
    const end = (pair.value as { range?: [number, number, number] } | null)?.range?.[1];
    if (start !== undefined && end !== undefined && offset >= start && offset <= end) return keyOf(pair);
  }
  return undefined;
}
