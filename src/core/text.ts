/** Offsets to 1-based line and column, for CLI output and SARIF (editors convert ranges themselves). */
export interface LineCol {
  line: number;
  column: number;
}

export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function lineColAt(starts: readonly number[], offset: number): LineCol {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** The first letter in upper case, for a sentence that starts with a pattern. */
export const capitalised = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** A pattern's title inside a sentence: with its article, in lower case ("an ambassador", "a replicated service"). */
export function aPattern(title: string): string {
  const lower = title.charAt(0).toLowerCase() + title.slice(1);
  return `${/^[aeiou]/i.test(lower) ? 'an' : 'a'} ${lower}`;
}
