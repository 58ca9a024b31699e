// Times the report of `ot-migrate traces` over 100,000 stored spans (npm run bench:traces). Not a
// test. Issue #17 asks for under 5 s with bounded memory. The collection is generated: 10
// services, 1,000 traces of 100 spans each, a few split in two by a broken hop (a server span per
// service visit, client calls between services, internal work, some bridge scopes, legacy formats
// and errors, a few lost parents), written as `ot-migrate traces --out` writes it, then read back with
// `--from-file` and reported (text, JSON and HTML), as a user would re-run a report.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { renderHtml } from '../src/traces/render-html';
import { renderText } from '../src/traces/render-text';
import { buildReport } from '../src/traces/report';
import type { CollectedSpan } from '../src/traces/report-model';
import { DEFAULT_MAX_SPANS } from '../src/traces/span-buffer';
import { readSpanFile } from '../src/traces/store';

const TRACES = Number(process.env.TRACES ?? 1000);
const SPANS_PER_TRACE = 100;
const SERVICES = Array.from({ length: 10 }, (_, index) => `service-${index}`);
const BASE_NS = BigInt(Date.parse('2024-05-01T10:00:00Z')) * 1_000_000n;

/** A small deterministic generator (mulberry32): the same collection on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (value: number, digits: number) => value.toString(16).padStart(digits, '0');

/**
 * Writes the collection trace by trace, so generating it does not raise the peak memory the
 * report is measured by. Returns the number of services and traces written.
 */
function generate(file: string): { services: number; traces: number } {
  const next = random(17);
  const seen = new Set<string>();
  const traceIds = new Set<string>();
  let spanCounter = 1;
  writeFileSync(file, '');
  for (let t = 0; t < TRACES; t += 1) {
    const spans: CollectedSpan[] = [];
    let traceId = hex(t + 1, 32);
    const traceStart = BASE_NS + BigInt(t) * 50_000_000n;
    // Each trace: a chain of service visits, each a server span with internal work and one client
    // call to the next service.
    let parent: { spanId: string; service: string } | undefined;
    let count = 0;
    let offsetMs = 0;
    let serviceIndex = Math.floor(next() * SERVICES.length);
    while (count < SPANS_PER_TRACE) {
      const service = SERVICES[serviceIndex];
      const bridge = serviceIndex < 6 && next() < 0.7;
      const scope = { name: bridge ? 'opentracing-otel-bridge' : `${service}-otel`, version: '1' };
      const make = (name: string, kind: number, parentSpanId: string, durationMs: number) => {
        const start = traceStart + BigInt(Math.round(offsetMs * 1e6));
        const span: CollectedSpan = {
          traceId,
          spanId: hex(spanCounter++, 16),
          parentSpanId,
          name,
          kind,
          startTimeUnixNano: String(start),
          endTimeUnixNano: String(start + BigInt(Math.round(durationMs * 1e6))),
          statusCode: next() < 0.02 ? 2 : 0,
          service,
          scope,
          attributes: {
            'http.route': name,
            'user.id': `u-${Math.floor(next() * 500)}`,
            ...(kind === 2 && serviceIndex % 3 === 0
              ? { 'opentracing.propagation.format': ['jaeger'] }
              : {}),
          },
          receivedAtMs: 0,
        };
        spans.push(span);
        count += 1;
        return span;
      };
      // A lost parent now and then: the server span points at a span never sent. And a call that
      // does not carry context now and then: the next service starts a new trace.
      const lost = next() < 0.002;
      if (parent && next() < 0.003) {
        traceId = hex(0x10000000 + spanCounter, 32);
        parent = undefined;
      }
      const server = make(
        `GET /${service}/${Math.floor(next() * 8)}`,
        2,
        lost ? hex(0xdead0000 + t, 16) : (parent?.spanId ?? ''),
        5 + next() * 40,
      );
      for (let work = 0; work < 7 && count < SPANS_PER_TRACE - 1; work += 1) {
        offsetMs += 0.1;
        make(`work ${work}`, 1, server.spanId, next() * 5);
      }
      if (count >= SPANS_PER_TRACE) break;
      offsetMs += 0.5;
      const client = make(
        `call ${SERVICES[(serviceIndex + 1) % 10]}`,
        3,
        server.spanId,
        3 + next() * 20,
      );
      parent = { spanId: client.spanId, service };
      serviceIndex = (serviceIndex + 1) % SERVICES.length;
      offsetMs += 0.2;
    }
    for (const span of spans) {
      seen.add(span.service);
      traceIds.add(span.traceId);
    }
    appendFileSync(file, spans.map((span) => `${JSON.stringify(span)}\n`).join(''));
  }
  return { services: seen.size, traces: traceIds.size };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ot-migrate-traces-bench-'));
  try {
    const file = join(dir, 'traces.jsonl');
    const { services, traces } = generate(file);
    const rssBefore = process.memoryUsage().rss;

    const started = performance.now();
    const stored = await readSpanFile(file, DEFAULT_MAX_SPANS);
    const read = performance.now();
    const report = buildReport(stored.spans);
    const built = performance.now();
    const text = renderText(report);
    const json = JSON.stringify(report);
    const html = renderHtml(report);
    const rendered = performance.now();

    const spansReported = report.services.reduce((sum, entry) => sum + entry.spans, 0);
    if (spansReported !== TRACES * SPANS_PER_TRACE || report.traces !== traces) {
      throw new Error(`report counts ${spansReported} spans in ${report.traces} traces`);
    }
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
    console.log(
      `ot-migrate traces report: ${spansReported} spans, ${services} services, ${traces} traces`,
    );
    console.log(`  read --from-file       ${seconds(read - started)}`);
    console.log(`  build report           ${seconds(built - read)}`);
    console.log(
      `  render text+json+html  ${seconds(rendered - built)} (${text.length + json.length + html.length} chars)`,
    );
    console.log(`  total                  ${seconds(rendered - started)} (goal: under 5 s)`);
    console.log(
      `  peak RSS               ${mib(process.resourceUsage().maxRSS * 1024)} (before reading: ${mib(rssBefore)}; ` +
        `spans kept are capped by --max-spans, default ${DEFAULT_MAX_SPANS})`,
    );
    console.log(
      `  found                  ${report.edges.length} edges, ${report.broken.length} broken traces ` +
        `(${report.broken
          .map((entry) => entry.kind)
          .filter((kind, i, all) => all.indexOf(kind) === i)
          .join(', ')})`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
