/** Reading references inside one CloudFormation template (`Ref`, `Fn::GetAtt`). */

/** The logical ID a `Ref` or `Fn::GetAtt` points at. */
export function targetOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const ref = (value as { Ref?: unknown }).Ref;
  if (typeof ref === 'string') return ref;
  const getAtt = (value as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
  return Array.isArray(getAtt) && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
}

/** Every logical ID referenced anywhere inside a value. */
export function referencesIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((item) => referencesIn(item, into));
  } else if (value !== null && typeof value === 'object') {
    const target = targetOf(value);
    if (target !== undefined) into.add(target);
    Object.values(value).forEach((item) => referencesIn(item, into));
  }
  return into;
}
