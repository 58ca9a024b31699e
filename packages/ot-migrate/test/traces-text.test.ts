// The text report of `ot-migrate traces` (render-text.ts): names from the network must not change
// what the terminal shows (escape sequences, direction overrides, invisible characters), and a
// report of any size renders. The report is the HTML tests' hand-built one, with names changed.
import { renderText } from '../src/traces/render-text';
import type { ServiceEntry, TracesReport } from '../src/traces/report-model';
import { SAMPLE_REPORT } from './traces-html-report';

function entry(service: string, operations: string[]): ServiceEntry {
  return {
    service,
    spans: operations.length,
    operations: operations.map((name) => ({ name, spans: 1, errors: 0, p50Ms: 1, maxMs: 1 })),
    bridgeSpans: 0,
    nativeSpans: operations.length,
    bridgeShare: 0,
    legacyFormats: {},
  };
}

function report(services: ServiceEntry[], fields: Partial<TracesReport> = {}): TracesReport {
  return { ...SAMPLE_REPORT, services, edges: [], broken: [], ...fields };
}

// What a name may hide: an escape sequence, bidirectional overrides, embeddings, isolates and
// marks ("Trojan Source"), zero-width characters, a byte-order mark, a line separator, a soft
// hyphen, and half of a surrogate pair.
const HIDDEN = [
  '\u001b[2J',
  '\u202e',
  '\u202a',
  '\u2066',
  '\u2069',
  '\u200f',
  '\u061c',
  '\u200b',
  '\u2060',
  '\ufeff',
  '\u2028',
  '\u00ad',
  '\ud800',
];

describe('renderText', () => {
  it('shows no character that hides or reorders text: each becomes ?', () => {
    const name = `pay${HIDDEN.join('')}ments`;
    const text = renderText(
      report([entry(name, [`GET ${name}`]), entry('b', ['op'])], {
        edges: [{ from: name, to: 'b', calls: 1, errors: 0 }],
        broken: [
          {
            traceId: 'a'.repeat(32),
            kind: 'missing-parent',
            services: [name],
            operations: [name],
            detail: `parent of ${name}`,
          },
        ],
        scope: { ...SAMPLE_REPORT.scope, filters: { service: [name] } },
      }),
    );
    // Hidden characters are replaced, not removed: a name with one does not pass for one without.
    const shown = `pay?[2J${'?'.repeat(HIDDEN.length - 1)}ments`;
    // The catalog, the operations (service and operation), the calls, the broken trace, the filter.
    expect(text.split(shown).length - 1).toBe(6);
    expect(text).not.toMatch(
      // eslint-disable-next-line no-control-regex -- looking for control characters
      /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]/,
    );
  });

  it('leaves other text as it is, wide characters and emoji included', () => {
    const text = renderText(report([entry('在庫サービス', ['GET /在庫 😀 · ✓'])]));
    expect(text).toContain('在庫サービス');
    expect(text).toContain('GET /在庫 😀 · ✓');
  });

  it('renders 200,000 operations (Math.max(...rows) overflowed the stack)', () => {
    const operations = Array.from({ length: 200_000 }, (_, index) => `op-${index}`);
    const lines = renderText(report([entry('svc', operations)])).split('\n');
    const rows = lines.filter((line) => line.startsWith('  svc '));
    expect(rows).toHaveLength(200_001);
    // Aligned: every row of the operations table is as wide as the widest.
    const widths = new Set(rows.slice(1).map((line) => line.length));
    expect(widths.size).toBe(1);
  });
});

describe('the scope lines', () => {
  it('say what was set aside: copies received twice, spans dropped, requests refused', () => {
    const text = renderText(
      report([entry('svc', ['op'])], {
        scope: { ...SAMPLE_REPORT.scope, spansDuplicated: 3, spansDropped: 2, requestsRefused: 1 },
      }),
    );
    expect(text).toContain('3 span(s) received more than once, counted once');
    expect(text).toContain('2 older span(s) dropped at the cap on spans kept');
    expect(text).toContain('1 request(s) refused');
    const quiet = renderText(
      report([entry('svc', ['op'])], {
        scope: { ...SAMPLE_REPORT.scope, spansDuplicated: 0, spansDropped: 0, requestsRefused: 0 },
      }),
    );
    expect(quiet).not.toMatch(/more than once|dropped at the cap|refused/);
  });
});

describe('the bridge share', () => {
  it('never reads 100% or 0% unless it is, as on the HTML page', () => {
    const nearly = { ...entry('svc', ['op']), bridgeShare: 1999 / 2000 };
    const barely = { ...entry('other', ['op']), bridgeShare: 1 / 2000 };
    const text = renderText(report([nearly, barely]));
    expect(text).toMatch(/ svc .* >99\.9% /);
    expect(text).toMatch(/ other .* <0\.1% /);
  });
});
