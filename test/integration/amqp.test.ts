// Context and baggage through a real RabbitMQ broker with amqplib: a producer span injects into the
// message headers, the consumer extracts them and follows from the producer.
// `.ci/run` installs and starts the broker and sets REQUIRE_AMQP=1, so there the broker must be
// reachable; elsewhere, without a broker (test/support/global-setup.ts looks), the test is skipped
// and shows as skipped.
import { SpanKind } from '@opentelemetry/api';
import type { ChannelModel, ConsumeMessage } from 'amqplib';
import { connect } from 'amqplib';
import * as opentracing from 'opentracing';
import { TracerShim } from '../../src';
import { setUpOtel } from '../support/otel';

const otel = setUpOtel();
const tracer = new TracerShim(otel.tracer, { propagators: ['tracecontext', 'baggage', 'jaeger'] });
const brokerUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
let connection: ChannelModel | undefined;
let unavailable: string | undefined;
const runs = process.env.REQUIRE_AMQP === '1' || process.env.AMQP_BROKER_REACHABLE !== '0';

beforeAll(async () => {
  if (!runs) return;
  try {
    connection = await connect(brokerUrl);
  } catch (error) {
    unavailable = `no AMQP broker at ${brokerUrl} (${(error as Error).message})`;
  }
});

afterAll(async () => {
  await connection?.close();
});

beforeEach(() => otel.reset());

(runs ? it : it.skip)(
  'links the consumer span to the producer span across the broker (FollowsFrom)',
  async () => {
    if (connection === undefined) throw new Error(unavailable);
    const channel = await connection.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });

    const received = new Promise<ConsumeMessage>((resolve) => {
      void channel.consume(queue, (message) => message && resolve(message), { noAck: true });
    });
    const producer = tracer
      .startSpan('orders publish', {
        tags: { [opentracing.Tags.SPAN_KIND]: 'producer', 'message_bus.destination': queue },
      })
      .setBaggageItem('user.id', 'u-77');
    const headers: Record<string, unknown> = {};
    tracer.inject(producer, opentracing.FORMAT_TEXT_MAP, headers);
    channel.sendToQueue(queue, Buffer.from('{"order":1}'), { headers });
    producer.finish();

    const message = await received;
    const consumer = tracer.startSpan('orders process', {
      references: [opentracing.followsFrom(tracer.extract(opentracing.FORMAT_TEXT_MAP, message)!)],
      tags: { [opentracing.Tags.SPAN_KIND]: 'consumer' },
    });
    consumer.setTag('seen.user.id', consumer.getBaggageItem('user.id') ?? 'none');
    consumer.finish();
    await channel.close();

    const producerSpan = otel.span('orders publish');
    const consumerSpan = otel.span('orders process');
    expect(producerSpan.kind).toBe(SpanKind.PRODUCER);
    expect(consumerSpan.kind).toBe(SpanKind.CONSUMER);
    expect(consumerSpan.spanContext().traceId).toBe(producerSpan.spanContext().traceId);
    expect(consumerSpan.parentSpanContext).toMatchObject({
      spanId: producerSpan.spanContext().spanId,
      isRemote: true,
    });
    expect(consumerSpan.links).toHaveLength(1);
    expect(consumerSpan.links[0]).toMatchObject({
      context: { spanId: producerSpan.spanContext().spanId },
      attributes: { 'opentracing.ref_type': 'follows_from' },
    });
    expect(consumerSpan.attributes['seen.user.id']).toBe('u-77');
  },
);
