import type { SafeHtml } from './html-escape';
import { markup } from './html-escape';
import { barWidth, formatCount, formatMs, formatPercent, plural } from './format-figures';
import type { BrokenTrace, ReportScope, ServiceEntry } from './report-model';

// The tables of the HTML report, one function per section, each from its part of the report. They
// show the figures the report builder computed; none is recomputed here. Every value reaches the
// page through the `markup` template, which escapes it.

/** What each kind of broken trace means, in the words of the page. */
export const BROKEN_KINDS: Record<BrokenTrace['kind'], { label: string; meaning: string }> = {
  'hop-without-context': {
    label: 'hop without context',
    meaning:
      'a client or producer span whose call arrived in the next service as a new trace: that hop does not carry the trace context',
  },
  'missing-parent': {
    label: 'parent never arrived',
    meaning: 'a span names a parent that no service sent',
  },
  'several-roots': {
    label: 'several roots',
    meaning: 'the trace has more than one span without a parent',
  },
};

/** A header row: `n` marks the columns of numbers (right-aligned). */
function headRow(columns: readonly string[]): SafeHtml {
  const cells = columns.map((column) =>
    column.startsWith('n:')
      ? markup`<th scope="col" class="n">${column.slice(2)}</th>`
      : markup`<th scope="col">${column}</th>`,
  );
  return markup`<thead><tr>${cells}</tr></thead>`;
}

/** The service catalog: each service with its operations, most frequent first. */
export function catalogSection(services: readonly ServiceEntry[]): SafeHtml {
  if (services.length === 0) {
    return markup`<section id="catalog"><h2>Service catalog</h2><p class="muted">No spans were kept, so there are no services to list.</p></section>`;
  }
  const groups = services.map((service) => {
    const operations = service.operations.length > 0 ? service.operations : [undefined];
    const span = operations.length;
    const rows = operations.map((operation, index) => {
      const head =
        index === 0
          ? markup`<th scope="rowgroup" rowspan="${span}" class="name svc">${service.service}</th><td class="n" rowspan="${span}">${formatCount(service.spans)}</td>`
          : undefined;
      if (operation === undefined) {
        return markup`<tr>${head}<td class="muted" colspan="5">no operations</td></tr>`;
      }
      const errors = operation.errors > 0 ? 'n bad' : 'n';
      return markup`<tr>${head}<td class="name op">${operation.name}</td><td class="n">${formatCount(operation.spans)}</td><td class="${errors}">${formatCount(operation.errors)}</td><td class="n">${formatMs(operation.p50Ms)}</td><td class="n">${formatMs(operation.maxMs)}</td></tr>`;
    });
    return markup`<tbody class="service" data-service="${service.service}">${rows}</tbody>`;
  });
  const head = headRow([
    'Service',
    'n:Spans',
    'Operation',
    'n:Spans',
    'n:Errors',
    'n:p50 ms',
    'n:Max ms',
  ]);
  return markup`<section id="catalog"><h2>Service catalog</h2><p class="muted">${plural(services.length, 'service', 'services')}, with their operations (durations in milliseconds).</p><table>${head}${groups}</table></section>`;
}

/** A share as a bar (SVG, so it prints) and its percentage. */
function shareCell(share: number): SafeHtml {
  return markup`<td class="share"><svg width="120" height="10" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect class="track" width="100" height="10"/><rect class="fill" width="${barWidth(share)}" height="10"/></svg><span class="pct">${formatPercent(share)}</span></td>`;
}

/** Legacy wire formats as `jaeger 120`, most frequent first; `none` when only W3C arrives. */
function formatsCell(formats: Record<string, number>): SafeHtml {
  const entries = Object.entries(formats).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (entries.length === 0) return markup`<td class="formats muted">none</td>`;
  const items = entries.map(
    ([format, count]) => markup`<span><code>${format}</code> ${formatCount(count)}</span>`,
  );
  return markup`<td class="formats">${items}</td>`;
}

/** Migration progress: per service, spans made through the bridge vs native OpenTelemetry. */
export function progressSection(services: readonly ServiceEntry[]): SafeHtml {
  if (services.length === 0) {
    return markup`<section id="progress"><h2>Migration progress</h2><p class="muted">No spans were kept.</p></section>`;
  }
  const rows = services.map(
    (service) =>
      markup`<tr data-service="${service.service}"><th scope="row" class="name svc">${service.service}</th><td class="n">${formatCount(service.spans)}</td><td class="n">${formatCount(service.bridgeSpans)}</td><td class="n">${formatCount(service.nativeSpans)}</td>${shareCell(service.bridgeShare)}${formatsCell(service.legacyFormats)}</tr>`,
  );
  const legend = markup`<p class="legend">Spans by instrumentation scope:<span class="swatch bridge"></span>through the bridge (OpenTracing API)<span class="swatch native"></span>native OpenTelemetry. Legacy wire formats are those that still carried context into the service (<code>opentracing.propagation.format</code>).</p>`;
  const head = headRow([
    'Service',
    'n:Spans',
    'n:Bridge',
    'n:Native',
    'Bridge share',
    'Legacy wire formats still arriving',
  ]);
  return markup`<section id="progress"><h2>Migration progress</h2>${legend}<table>${head}<tbody>${rows}</tbody></table></section>`;
}

/** Names separated by commas, each in its own element (a name may hold a comma). */
function nameList(items: readonly string[], element = 'span'): SafeHtml {
  return markup`${items.map((item, index) =>
    element === 'code'
      ? markup`${index > 0 ? ', ' : ''}<code>${item}</code>`
      : markup`${index > 0 ? ', ' : ''}<span class="name">${item}</span>`,
  )}`;
}

function whereCell(broken: BrokenTrace): SafeHtml {
  const { hop } = broken;
  if (hop !== undefined) {
    return markup`<td class="hop"><span class="svc name">${hop.fromService}</span> <span class="op name">${hop.fromOperation}</span><span class="arrow">→</span><span class="svc name">${hop.toService}</span> <span class="op name">${hop.toOperation}</span><br><span class="muted">new trace</span> <span class="id">${hop.newTraceId}</span></td>`;
  }
  return markup`<td><span class="svc">${nameList(broken.services)}</span><br><span class="op">${nameList(broken.operations)}</span></td>`;
}

/** The broken traces, with the hop or the services and operations where each broke. */
export function brokenSection(broken: readonly BrokenTrace[]): SafeHtml {
  if (broken.length === 0) {
    return markup`<section id="broken"><h2>Broken traces</h2><p>No broken traces: every span's parent arrived, every trace has one root, and every call between services carried its context.</p></section>`;
  }
  const counts = (Object.keys(BROKEN_KINDS) as BrokenTrace['kind'][])
    .map((kind) => ({ kind, count: broken.filter((trace) => trace.kind === kind).length }))
    .filter(({ count }) => count > 0);
  const legend = counts.map(
    ({ kind, count }) =>
      markup`<li><span class="tag ${kind}">${BROKEN_KINDS[kind].label}</span> ${formatCount(count)}: ${BROKEN_KINDS[kind].meaning}.</li>`,
  );
  const rows = broken.map(
    (trace) =>
      markup`<tr class="${trace.kind}"><td><span class="tag ${trace.kind}">${BROKEN_KINDS[trace.kind]?.label ?? trace.kind}</span></td><td class="id">${trace.traceId}</td>${whereCell(trace)}<td class="name">${trace.detail}</td></tr>`,
  );
  const head = headRow(['Problem', 'Trace', 'Where: hop, or services and operations', 'Detail']);
  return markup`<section id="broken"><h2>Broken traces</h2><ul>${legend}</ul><table>${head}<tbody>${rows}</tbody></table></section>`;
}

/** The filters, as term and description. */
function filterEntries(filters: ReportScope['filters']): [string, SafeHtml][] {
  const entries: [string, SafeHtml][] = [];
  if (filters.service?.length) entries.push(['Services', nameList(filters.service, 'code')]);
  if (filters.operation?.length) entries.push(['Operations', nameList(filters.operation, 'code')]);
  const pairs = Object.entries(filters.attributes ?? {}).map(([key, value]) => `${key}=${value}`);
  if (pairs.length > 0) entries.push(['Attributes', nameList(pairs, 'code')]);
  const { minDurationMs: min, maxDurationMs: max } = filters;
  if (min !== undefined || max !== undefined) {
    const bounds = [
      min === undefined ? '' : `at least ${formatMs(min)} ms`,
      max === undefined ? '' : `at most ${formatMs(max)} ms`,
    ];
    entries.push(['Duration', markup`${bounds.filter(Boolean).join(', ')}`]);
  }
  if (filters.from !== undefined || filters.to !== undefined) {
    const from = filters.from === undefined ? '' : markup`from <code>${filters.from}</code> `;
    const to = filters.to === undefined ? '' : markup`to <code>${filters.to}</code>`;
    entries.push(['Span start', markup`${from}${to}`]);
  }
  return entries;
}

/** The filters the report was made with, and what the collection dropped or refused. */
export function scopeSection(scope: ReportScope): SafeHtml {
  const entries = filterEntries(scope.filters);
  const filters =
    entries.length === 0
      ? markup`<p>No filters: the report counts every span kept.</p>`
      : markup`<p>Only the traces with a span that matches all of these filters are counted, whole:</p><dl class="scope">${entries.map(([term, value]) => markup`<dt>${term}</dt><dd>${value}</dd>`)}</dl>`;
  const dropped =
    scope.spansDropped > 0
      ? markup` <span>— the cap on spans kept was reached: the oldest were dropped, and the figures above cover only the spans kept.</span>`
      : undefined;
  const refused =
    scope.requestsRefused > 0
      ? markup` <span>— some exports were refused (bad or oversized payloads, or a wrong content type): their spans are missing.</span>`
      : undefined;
  const bad = (count: number) => (count > 0 ? 'bad' : '');
  return markup`<section id="scope"><h2>Scope</h2>${filters}<dl class="scope"><dt>Spans kept</dt><dd>${formatCount(scope.spansKept)}</dd><dt>Spans received twice</dt><dd>${formatCount(scope.spansDuplicated)}</dd><dt>Spans dropped</dt><dd class="${bad(scope.spansDropped)}">${formatCount(scope.spansDropped)}${dropped}</dd><dt>Requests refused</dt><dd class="${bad(scope.requestsRefused)}">${formatCount(scope.requestsRefused)}${refused}</dd></dl></section>`;
}
