/** What writing a scaffold into a folder would do to the files already there: starter code never overwrites silently. */

export interface WritePlan {
  /** Files that do not exist yet. */
  create: string[];
  /** Files that exist with exactly this content: nothing to do. */
  unchanged: string[];
  /** Files that exist with other content: the person's own edits, overwritten only when they say so. */
  conflicts: string[];
}

/** `existing` maps a path to its current content, or undefined when there is no such file. */
export function planScaffoldWrite(files: Readonly<Record<string, string>>, existing: (path: string) => string | undefined): WritePlan {
  const plan: WritePlan = { create: [], unchanged: [], conflicts: [] };
  for (const [path, content] of Object.entries(files)) {
    const current = existing(path);
    if (current === undefined) plan.create.push(path);
    else if (current.replace(/\r\n/g, '\n') === content) plan.unchanged.push(path);
    else plan.conflicts.push(path);
  }
  return plan;
}
