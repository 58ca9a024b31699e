// Context and baggage in gRPC metadata, over a real @grpc/grpc-js client and server on loopback.
import type { ServiceDefinition, sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import * as grpc from '@grpc/grpc-js';
import { SpanKind } from '@opentelemetry/api';
import * as opentracing from 'opentracing';
import { TracerShim } from '../../src';
import { setUpOtel } from '../support/otel';

interface Greeting {
  name: string;
}

const json = {
  serialize: (value: unknown) => Buffer.from(JSON.stringify(value)),
  deserialize: (bytes: Buffer) => JSON.parse(bytes.toString('utf8')) as Greeting,
};

// A service defined in code (no .proto file): one unary method with JSON messages.
const greeterService: ServiceDefinition = {
  greet: {
    path: '/bridge.test.Greeter/Greet',
    requestStream: false,
    responseStream: false,
    requestSerialize: json.serialize,
    requestDeserialize: json.deserialize,
    responseSerialize: json.serialize,
    responseDeserialize: json.deserialize,
  },
};

const otel = setUpOtel();
const tracer = new TracerShim(otel.tracer);
let server: grpc.Server;
let client: grpc.Client & {
  greet(
    request: Greeting,
    metadata: grpc.Metadata,
    callback: (error: grpc.ServiceError | null, reply?: Greeting) => void,
  ): void;
};

beforeAll(async () => {
  server = new grpc.Server();
  server.addService(greeterService, {
    greet(call: ServerUnaryCall<Greeting, Greeting>, callback: sendUnaryData<Greeting>) {
      const span = tracer.startSpan('Greeter/Greet', {
        childOf: tracer.extract(opentracing.FORMAT_TEXT_MAP, call.metadata) ?? undefined,
        tags: { 'span.kind': 'server' },
      });
      const userId = span.getBaggageItem('user.id') ?? 'nobody';
      span.setTag('seen.user.id', userId);
      span.finish();
      callback(null, { name: `hello ${call.request.name} (${userId})` });
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  const Client = grpc.makeGenericClientConstructor(greeterService, 'Greeter');
  client = new Client(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  ) as unknown as typeof client;
});

afterAll(() => {
  client.close();
  server.forceShutdown();
});

beforeEach(() => otel.reset());

it('carries the trace context and baggage from a bridge client to a bridge server in metadata', async () => {
  const span = tracer
    .startSpan('call Greet', { tags: { 'span.kind': 'client' } })
    .setBaggageItem('user.id', 'u-9');
  const metadata = new grpc.Metadata();
  tracer.inject(span, opentracing.FORMAT_TEXT_MAP, metadata);
  const reply = await new Promise<Greeting | undefined>((resolve, reject) =>
    client.greet({ name: 'bridge' }, metadata, (error, response) =>
      error ? reject(error) : resolve(response),
    ),
  );
  span.finish();

  expect(reply?.name).toBe('hello bridge (u-9)');
  const serverSpan = otel.span('Greeter/Greet');
  expect(serverSpan.kind).toBe(SpanKind.SERVER);
  expect(serverSpan.spanContext().traceId).toBe(span.context().toTraceId());
  expect(serverSpan.parentSpanContext).toMatchObject({
    spanId: span.context().toSpanId(),
    isRemote: true,
  });
  expect(serverSpan.attributes['seen.user.id']).toBe('u-9');
});
