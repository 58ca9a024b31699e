import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import * as bridge from '../src';
import * as dev from '../src/dev';
import * as jaeger from '../src/jaeger';
import * as testing from '../src/testing';

describe('package', () => {
  it('keeps VERSION equal to package.json’s version', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(bridge.VERSION).toBe(pkg.version);
  });

  it('exposes exactly the documented public API', () => {
    expect(Object.keys(bridge).sort()).toEqual([
      'BINARY_FORMAT_VERSION',
      'BaggageToAttributesProcessor',
      'JaegerFormat',
      'MAX_INCOMING_BAGGAGE_BYTES',
      'MAX_INCOMING_BAGGAGE_ENTRIES',
      'PROPAGATION_FORMAT_ATTRIBUTE',
      'REF_TYPE_ATTRIBUTE',
      'SamplingPrioritySampler',
      'SpanContextShim',
      'SpanShim',
      'TAG_TRANSLATIONS',
      'TracerShim',
      'VERSION',
      'contextWithSpan',
      'createPropagator',
      'installGlobalTracer',
      'legacySpanContextFrom',
      'legacySpanFrom',
      'legacyTracerFrom',
      'otelSpanFrom',
      'otelTracerFrom',
      'uninstallGlobalTracer',
      'withActiveSpan',
    ]);
  });

  it('keeps development tools in the /dev subpath', () => {
    expect(Object.keys(dev).sort()).toEqual(['TraceTreeExporter']);
  });

  it('keeps the trace snapshot tools in the /testing subpath', () => {
    expect(Object.keys(testing).sort()).toEqual(['TraceRecorder', 'compareTraces', 'renderTrace']);
  });

  it('keeps the jaeger-client drop-in in the /jaeger subpath', () => {
    expect(Object.keys(jaeger).sort()).toEqual([
      'RateLimitingSampler',
      'initTracer',
      'initTracerFromEnv',
      'opentracing',
    ]);
  });

  it('exports exactly the documented types', () => {
    expect(typeExports('index.ts')).toEqual([
      'BaggageKeyFilter',
      'InstallGlobalTracerOptions',
      'JaegerFormatOptions',
      'LegacySpanFromOptions',
      'OpenTracingTagName',
      'PropagatorName',
      'SamplerLike',
      'SamplingResultLike',
      'SemanticConventionsMode',
      'SpanShimOptions',
      'SpanTracer',
      'TagTranslation',
      'TracerShimOptions',
    ]);
    expect(typeExports('dev.ts')).toEqual([
      'ExportResultLike',
      'FinishedSpan',
      'TraceTreeExporterOptions',
    ]);
    expect(typeExports('testing.ts')).toEqual([
      'CompareTracesOptions',
      'FinishedSpan',
      'RenderTraceOptions',
      'TraceDifference',
    ]);
    expect(typeExports('jaeger.ts')).toEqual([
      'JaegerLogger',
      'JaegerReporterConfig',
      'JaegerSamplerConfig',
      'JaegerTracer',
      'JaegerTracingConfig',
      'JaegerTracingOptions',
    ]);
  });
});

/** The names an entry point exports as types only (`export type { ... }`), sorted. */
function typeExports(entry: string): string[] {
  const file = join(__dirname, '..', 'src', entry);
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
  return source.statements
    .filter(ts.isExportDeclaration)
    .filter((declaration) => declaration.isTypeOnly)
    .flatMap((declaration) =>
      declaration.exportClause !== undefined && ts.isNamedExports(declaration.exportClause)
        ? declaration.exportClause.elements.map((element) => element.name.text)
        : [],
    )
    .sort();
}
