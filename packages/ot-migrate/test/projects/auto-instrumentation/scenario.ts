// Four requests: a cache miss, a cache hit from a traced caller (trace context and baggage in its
// headers), a missing user, and a query that fails.
import { createApp } from './app';

export async function run(): Promise<void> {
  const app = createApp();
  await app.request('GET', '/users/1');
  await app.request('GET', '/users/1', {
    traceparent: '00-c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6-0123456789abcdef-01',
    baggage: 'tenant=acme',
  });
  await app.request('GET', '/users/2');
  await app.request('GET', '/users/x');
}
