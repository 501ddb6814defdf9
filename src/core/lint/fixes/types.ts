import type { TextEdit } from './edits';

/** One quick fix: a title for the menu and the edits that make it, as offsets into the text linted. */
export interface Fix {
  title: string;
  edits: TextEdit[];
}
