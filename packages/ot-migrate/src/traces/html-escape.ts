// Escaping for the HTML report. Everything the report shows (service names, operations, attribute
// values, trace ids) arrived over the network from whatever sent OTLP to the collector, so every
// interpolated value is escaped unless it is markup this module's `markup` template built itself.
// Making that the default, rather than a call each site must remember, is the point of the file.
import { UNSHOWABLE } from './unshowable';

/** Markup built by {@link markup}: inserted as is by another `markup` template. */
export class SafeHtml {
  /** @param value markup that needs no further escaping */
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

/** What a template may interpolate: text (escaped), numbers, markup, or lists of those. */
export type HtmlValue = SafeHtml | string | number | undefined | null | readonly HtmlValue[];

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** A character spelled out as its code point; tab and newline lay out as themselves in HTML. */
function spellOut(character: string): string {
  if (character === '\t' || character === '\n') return character;
  return `\\u{${character.charCodeAt(0).toString(16)}}`;
}

/**
 * Text safe in HTML element content and in a double- or single-quoted attribute value (HTML or
 * inline SVG): `& < > " '` become entities, and what unshowable.ts lists is spelled out as `\u{…}`.
 */
export function escapeHtml(text: string): string {
  return text.replace(UNSHOWABLE, spellOut).replace(/[&<>"']/g, (character) => ENTITIES[character]);
}

function render(value: HtmlValue): string {
  if (value === undefined || value === null) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map((item: HtmlValue) => render(item)).join('');
  return escapeHtml(String(value));
}

/**
 * A tagged template for HTML and SVG: every interpolated value is escaped, except markup built by
 * another `markup` template; lists are joined; `undefined` and `null` print nothing. Values go only
 * in element content or in quoted attribute values, never in an element or attribute name, a
 * `style` or `script` element, or a URL.
 *
 * Not named `html`: Prettier reformats templates tagged `html` as HTML, which would change the
 * whitespace of the page whenever the formatter (or its version) changed.
 */
export function markup(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  values.forEach((value, index) => {
    out += render(value) + strings[index + 1];
  });
  return new SafeHtml(out);
}
