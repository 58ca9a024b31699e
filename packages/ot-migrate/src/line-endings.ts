import type { TextEdit } from './edits';

// The line breaks of the text the rewrite inserts: those of the file where it lands.

/**
 * An edit whose line breaks are those of the line it lands on: the planner writes `\n`, and a
 * CRLF line keeps CRLF without the rest of a mixed file changing. Line breaks copied from the file
 * (`\r\n` already) are left as they are.
 * @internal
 */
export function withLineEndings(text: string, edit: TextEdit): TextEdit {
  const ending = lineEndingAt(text, edit.start);
  return ending === '\n' ? edit : { ...edit, text: edit.text.replace(/(?<!\r)\n/g, ending) };
}

/** The line break that ends the line holding `position` (or, on the last line, the one before). */
function lineEndingAt(text: string, position: number): string {
  const next = /\r\n?|\n/g;
  next.lastIndex = position;
  const found = next.exec(text);
  if (found !== null) return found[0];
  const last = Math.max(text.lastIndexOf('\n', position - 1), text.lastIndexOf('\r', position - 1));
  if (last < 0) return '\n';
  if (text[last] === '\r') return '\r';
  return last > 0 && text[last - 1] === '\r' ? '\r\n' : '\n';
}
