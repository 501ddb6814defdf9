import type { TextEdit } from '../../yaml/text';

/** One quick fix: a title for the menu and the edits that make it, as offsets into the text linted. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Changes no behaviour the author chose, only what a newer API requires: `pattern-canvas lint --fix` applies it. */
  safe?: boolean;
}
