// opentracing-otel-bridge/jaeger: jaeger-client's initTracer on OpenTelemetry, for Node.js.
// Replace `require('jaeger-client')` with `require('opentracing-otel-bridge/jaeger')`.
// Everything a user may import from this subpath is listed here by name.

export { initTracer, initTracerFromEnv } from './jaeger-client/init-tracer';
export type { JaegerTracer } from './jaeger-client/init-tracer';
export type {
  JaegerLogger,
  JaegerReporterConfig,
  JaegerSamplerConfig,
  JaegerTracingConfig,
  JaegerTracingOptions,
} from './jaeger-client/config';
export { RateLimitingSampler } from './jaeger-client/rate-limiting-sampler';
// jaeger-client exports the OpenTracing API as `opentracing`; so does the drop-in.
import * as opentracing from 'opentracing';
export { opentracing };
