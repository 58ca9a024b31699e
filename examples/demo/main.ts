// npm run demo: three services on loopback serve one request as one trace, printed the way a
// tracing backend shows it. Set OTEL_EXPORTER_OTLP_ENDPOINT to send it to a collector too.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TracerShim, installGlobalTracer } from '../../src';
import { startBillingWorker } from './billing-worker';
import { gatewayHandler } from './gateway-service';
import { ordersHandler } from './orders-service';
import { Queue } from './queue';
import { propagationOff, providerFor, shutdownTelemetry } from './telemetry';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

async function listen(handler: Handler): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function send(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

async function main(): Promise<void> {
  // The gateway's legacy code uses opentracing.globalTracer(): the bridge, on the gateway's provider.
  installGlobalTracer({
    tracerProvider: providerFor('gateway'),
    tracerName: 'gateway',
    ...(propagationOff('gateway') && { propagators: ['none'] }),
  });
  const billingQueue = new Queue('billing');
  // The billing worker gets its OpenTracing tracer handed in: a bridge on its own provider.
  startBillingWorker(
    billingQueue,
    new TracerShim(providerFor('billing').getTracer('billing-worker'), {
      ...(propagationOff('billing') && { propagators: ['none'] }),
    }),
  );
  const orders = await listen(ordersHandler);
  const gateway = await listen(gatewayHandler(orders.url, billingQueue));

  // A client sends the user's id as W3C baggage; support teams find the trace by it.
  const status = await send(`${gateway.url}/checkout/order-1`, { baggage: 'user.id=u-42' });
  await billingQueue.drained();
  await shutdownTelemetry();
  await Promise.all([gateway.close(), orders.close()]);
  console.log(
    `checkout answered ${status}; the trace above crossed gateway (OpenTracing), orders (OpenTelemetry) and billing (OpenTracing, via a queue).`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
