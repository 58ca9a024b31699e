// The tag keys the service uses, in one place. Plain strings: nothing here is OpenTracing's.

export enum Keys {
  EventType = 'event.type',
  OrderId = 'order.id',
  Tenant = 'tenant.id',
  StockLevel = 'stock.level',
}

/** The baggage item the gateway sets for every request. */
export const TENANT_BAGGAGE = 'tenant';

export const COMPONENT_NAME = 'nest-tracing';
