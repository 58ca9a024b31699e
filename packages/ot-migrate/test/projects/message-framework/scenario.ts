// Three orders (one from a traced upstream service, with trace context and baggage in its headers,
// one that cannot be parsed) handled one by one; the invoices they ask for, handled as a batch.
import { InvoiceHandler, OrderHandler } from './handlers';
import { Consumer, InMemoryBroker, Producer } from './index';

export async function run(): Promise<void> {
  const broker = new InMemoryBroker();
  const options = { service: 'billing' };
  const producer = new Producer(broker, options);
  const consumer = new Consumer(broker, options);

  broker.publish(
    'orders',
    { id: 1 },
    {
      traceparent: '00-5b8aa5a2d2c872e8321cf37308d69df2-051581bf3cb55c13-01',
      baggage: 'tenant=acme',
    },
  );
  producer.send('orders', { id: 2 });
  producer.send('orders', { id: 3, poison: true });

  await consumer.drain('orders', new OrderHandler(producer));
  await consumer.consumeBatch('invoices', new InvoiceHandler(), 10);
}
