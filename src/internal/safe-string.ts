/** `String(value)` that survives throwing `toString`/`Symbol.toPrimitive` methods. @internal */
export function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
