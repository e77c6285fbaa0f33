// Reading one setting from a $GODEBUG list.

/** The value a GODEBUG setting list (k=v,k=v) gives key; the last one wins, as in go's runtime; "" if unset. */
export function godebugSetting(godebug: string, key: string): string {
  let value = '';
  for (const kv of godebug.split(',')) {
    const eq = kv.indexOf('=');
    if (eq > 0 && kv.slice(0, eq) === key) value = kv.slice(eq + 1);
  }
  return value;
}
