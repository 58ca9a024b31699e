// What a name from the traffic may hold that must not reach a reader as it is: C0 and C1 controls
// (an escape sequence redraws a terminal), the bidirectional marks, embeddings, overrides and
// isolates that make a name display as another ("Trojan Source"), the zero-width and invisible
// format characters that hide inside a name, the line and paragraph separators, and half of a
// surrogate pair (not text). The text report shows each as `?`; the HTML page spells it out (but
// for tab and newline, which HTML lays out as white space).

/** Every such character (tab and newline included: names are one line). */
export const UNSHOWABLE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
