// Escaping for the HTML report. Everything the report shows (service names, operations, attribute
// values, trace ids) arrived over the network from whatever sent OTLP to the collector, so every
// interpolated value is escaped unless it is markup this module's `markup` template built itself.
// Making that the default, rather than a call each site must remember, is the point of the file.

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

// Characters that do not show, or that change how the text around them shows: C0/C1 controls
// (except tab and newline), and the bidirectional overrides and isolates that let a name display
// as another ("Trojan Source"). They are shown as their code points, spelled out.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// Half of a surrogate pair without the other half: not text, and the encoder would write U+FFFD.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function spellOut(character: string): string {
  return `\\u{${character.charCodeAt(0).toString(16)}}`;
}

/**
 * Text safe in HTML element content and in a double- or single-quoted attribute value (HTML or
 * inline SVG): `& < > " '` become entities, invisible and direction-changing characters are spelled
 * out as `\u{…}`.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(INVISIBLE, spellOut)
    .replace(LONE_SURROGATE, spellOut)
    .replace(/[&<>"']/g, (character) => ENTITIES[character]);
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
