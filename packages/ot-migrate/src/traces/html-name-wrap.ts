// Service names on the graph's boxes: how wide a text is in a monospace font, and where a long
// name is cut into lines. Widths are counted in columns, so the layout needs no browser to measure.

/** Name columns per line, and lines per name, before a name is cut (the full name stays in the tooltip). */
export const MAX_COLUMNS = 28;
export const MAX_LINES = 4;

/** Columns a character takes in a monospace font: 2 for East Asian wide ones and emoji. */
function columnsOf(character: string): number {
  const code = character.codePointAt(0) ?? 0;
  const wide =
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd);
  return wide ? 2 : 1;
}

/** Columns a text takes in a monospace font. */
export function textColumns(text: string): number {
  let columns = 0;
  for (const character of text) columns += columnsOf(character);
  return columns;
}

/**
 * A name cut into lines of at most {@link MAX_COLUMNS} columns, after a separator (`/ . - _ : `
 * space) where one falls in the second half of the line. Joined, the lines give the name back,
 * unless there were more than {@link MAX_LINES}: then the last line ends with `…`.
 */
export function wrapName(name: string): { lines: string[]; truncated: boolean } {
  // Only the start of the name can show: at most MAX_LINES * MAX_COLUMNS characters, of at most two
  // UTF-16 units each, and one more to know it was cut. A name from the traffic may be a megabyte.
  const characters = [...name.slice(0, MAX_LINES * MAX_COLUMNS * 2 + 2)];
  const lines: string[] = [];
  let start = 0;
  while (start < characters.length && lines.length < MAX_LINES) {
    let end = start;
    let columns = 0;
    while (end < characters.length && columns + columnsOf(characters[end]) <= MAX_COLUMNS) {
      columns += columnsOf(characters[end]);
      end += 1;
    }
    if (end === start) end += 1;
    if (end < characters.length) {
      for (let cut = end; cut > start + (end - start) / 2; cut -= 1) {
        if ('/.-_: '.includes(characters[cut - 1])) {
          end = cut;
          break;
        }
      }
    }
    lines.push(characters.slice(start, end).join(''));
    start = end;
  }
  if (lines.length === 0) return { lines: [''], truncated: false };
  const truncated = start < characters.length;
  if (truncated) {
    const last = [...lines[lines.length - 1]];
    lines[lines.length - 1] = `${last.slice(0, Math.max(0, last.length - 1)).join('')}…`;
  }
  return { lines, truncated };
}
