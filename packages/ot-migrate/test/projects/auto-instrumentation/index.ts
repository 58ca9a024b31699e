// The package's public API. Callers hand in their OpenTracing tracer; the types they see stay
// OpenTracing's whatever the package runs on inside.
export { currentSpan } from './common';
export { instrumentHttp } from './http';
export { instrumentPg } from './pg';
export type { PgInstrumentationOptions } from './pg';
export { RedisTracing } from './redis';
export type { RedisTracingOptions } from './redis';
