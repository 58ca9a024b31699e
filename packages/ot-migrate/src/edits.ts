/** A replacement of the text between two offsets. @internal */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * Applies non-overlapping edits to a text, leaving everything else — comments, formatting — as it
 * was. Throws when two edits overlap (a planner bug, never user input).
 * @internal
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let result = '';
  let position = 0;
  for (const edit of sorted) {
    if (edit.start < position) throw new Error('ot-migrate: overlapping edits');
    result += text.slice(position, edit.start) + edit.text;
    position = edit.end;
  }
  return result + text.slice(position);
}
