// The framework's public entry. It re-exports what handlers need of OpenTracing, so that
// application code depends on the framework alone.
export { Span, Tracer, Tags } from 'opentracing';
export { InMemoryBroker } from './broker';
export type { Message } from './broker';
export { Consumer } from './consumer';
export { Producer } from './producer';
export type { FrameworkOptions, Handler, MessageContext } from './types';
