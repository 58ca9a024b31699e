// A warm-up request, a plain request, one from a traced gateway (trace context and baggage in its
// headers), and one whose stock call fails.
import type { RequestConfig } from './http-client';
import { NestApplication } from './nest';
import { OrdersController } from './orders.controller';
import { TracedHttp } from './traced-http';
import { TracingModule } from './tracing.module';

async function stockService(config: RequestConfig): Promise<{ status: number; data: unknown }> {
  await new Promise((resolve) => setTimeout(resolve, 1));
  const id = config.url.split('/').pop();
  if (!config.headers.traceparent) return { status: 400, data: { error: 'untraced call' } };
  if (id === '999') return { status: 500, data: { error: 'stock database down' } };
  return { status: 200, data: { level: Number(id) * 3 } };
}

export async function run(): Promise<void> {
  const tracing = new TracingModule();
  const controller = new OrdersController(new TracedHttp(stockService, tracing.tracer, 'stock'));
  const app = new NestApplication([tracing], controller.routes());

  await tracing.warmUp(() => app.inject({ method: 'GET', url: '/health' }));
  await app.inject({ method: 'GET', url: '/orders/1' });
  await app.inject({
    method: 'GET',
    url: '/orders/2',
    headers: {
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      baggage: 'tenant=acme',
    },
  });
  await app.inject({ method: 'GET', url: '/orders/999' });
}
