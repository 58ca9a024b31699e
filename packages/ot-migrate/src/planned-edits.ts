import type { TextEdit } from './edits';

// Edits that keep parts of the text they replace: `span.setTag('id', other.context().toSpanId())`
// becomes `span.setAttribute('id', …)` around the value, which a second edit rewrites in turn.

interface Range {
  start: number;
  end: number;
}

interface PlannedEdit extends Range {
  text: string;
  /** The parts of the replaced text the new text keeps (each marked by a token in `text`). */
  kept: Range[];
}

const TOKEN = /\uE000(\d+)\uE001/g;

/**
 * The edits planned for one source text. An edit's new text may keep parts of the text it replaces
 * ({@link EditSet.keep}); edits inside those parts apply there, as they would to the original text.
 * Any other overlap is a conflict.
 * @internal
 */
export class EditSet {
  private readonly edits: PlannedEdit[] = [];
  private readonly keptRanges: Range[] = [];

  constructor(private readonly source: string) {}

  /**
   * A stand-in for the source text between two offsets, for an edit's new text: once every edit is
   * planned, it becomes that text with the edits inside it applied.
   */
  keep(start: number, end: number): string {
    this.keptRanges.push({ start, end });
    return `\uE000${this.keptRanges.length - 1}\uE001`;
  }

  /** Adds an edit; false (and nothing added) when it conflicts with an edit already planned. */
  add(start: number, end: number, text: string): boolean {
    const edit: PlannedEdit = { start, end, text, kept: this.keptParts(start, end, text) };
    const conflict = this.edits.some(
      (other) => overlaps(edit, other) && !inKeptPart(edit, other) && !inKeptPart(other, edit),
    );
    if (conflict) return false;
    this.edits.push(edit);
    return true;
  }

  /** Whether the text between two offsets is replaced: inside an edit, and not in a part it keeps. */
  covers(start: number, end: number): boolean {
    const range = { start, end };
    return this.edits.some(
      (edit) => within(range, edit) && !edit.kept.some((part) => within(range, part)),
    );
  }

  /** The text between two offsets that an edit there with this new text drops: all but the kept parts. */
  droppedText(start: number, end: number, text: string): string {
    const parts = this.keptParts(start, end, text).sort((a, b) => a.start - b.start);
    let dropped = '';
    let position = start;
    for (const part of parts) {
      if (part.start < position) continue;
      dropped += this.source.slice(position, part.start);
      position = part.end;
    }
    return dropped + this.source.slice(position, end);
  }

  /** Whether any edit is planned. */
  get size(): number {
    return this.edits.length;
  }

  /** The edits to apply to the source, each with its kept parts filled in. */
  resolve(): TextEdit[] {
    return this.outermost(this.edits).map((edit) => ({
      start: edit.start,
      end: edit.end,
      text: this.fill(edit.text),
    }));
  }

  /** An edit's new text with each kept part as the source has it there, inner edits applied. */
  private fill(text: string): string {
    return text.replace(TOKEN, (_token, index: string) => {
      const { start, end } = this.keptRanges[Number(index)];
      const inner = this.outermost(this.edits.filter((edit) => within(edit, { start, end }))).sort(
        (a, b) => a.start - b.start,
      );
      let result = '';
      let position = start;
      for (const edit of inner) {
        result += this.source.slice(position, edit.start) + this.fill(edit.text);
        position = edit.end;
      }
      return result + this.source.slice(position, end);
    });
  }

  /** The edits of a list not nested in a kept part of another edit of the list. */
  private outermost(edits: readonly PlannedEdit[]): PlannedEdit[] {
    return edits.filter(
      (edit) => !edits.some((other) => other !== edit && inKeptPart(edit, other)),
    );
  }

  /** The parts of the replaced text that an edit's new text keeps. */
  private keptParts(start: number, end: number, text: string): Range[] {
    return [...text.matchAll(TOKEN)]
      .map((match) => this.keptRanges[Number(match[1])])
      .filter((range) => start <= range.start && range.end <= end);
  }
}

function overlaps(a: Range, b: Range): boolean {
  if (a.start === a.end) return b.start < a.start && a.start < b.end;
  if (b.start === b.end) return a.start < b.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

/** Whether `inner` lies in a part `outer` keeps. */
function inKeptPart(inner: PlannedEdit, outer: PlannedEdit): boolean {
  return outer.kept.some((part) => within(inner, part));
}

/** Whether a range lies inside another; an insertion at either end of it belongs outside. */
function within(inner: Range, outer: Range): boolean {
  if (inner.start === inner.end) return outer.start < inner.start && inner.start < outer.end;
  return outer.start <= inner.start && inner.end <= outer.end;
}
