/**
 * OpenTracing's `sampling.priority` tag as a number: a finite number of at least 0, or text that
 * reads as one; `undefined` for anything else (the tag is then as good as absent). Above 0 asks for
 * the trace to be sampled (and, as in jaeger-client, marks it debug); 0 asks for it to be dropped.
 * @internal
 */
export function samplingPriorityOf(value: unknown): number | undefined {
  const priority = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof priority === 'number' && Number.isFinite(priority) && priority >= 0
    ? priority
    : undefined;
}

/**
 * Whether start tags ask for the trace to be sampled (`sampling.priority` above 0). Tags whose
 * getter throws ask for nothing: the start tags' own conversion reports them.
 * @internal
 */
export function asksToSample(tags: object): boolean {
  try {
    const value = (tags as Record<string, unknown>)['sampling.priority'];
    return value !== undefined && (samplingPriorityOf(value) ?? 0) > 0;
  } catch {
    return false;
  }
}
