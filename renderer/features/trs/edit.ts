/**
 * Immutable updates by path, for the editor's forms (the document is plain JSON). Unchanged
 * branches keep their identity, so undo snapshots share structure and React skips them.
 */
export type Path = ReadonlyArray<string | number>;

export function getIn(value: unknown, path: Path): unknown {
  let cur = value;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

export function setIn<T>(value: T, path: Path, next: unknown): T {
  if (path.length === 0) return next as T;
  const [key, ...rest] = path as [string | number, ...Array<string | number>];
  const container = value as unknown as Record<string | number, unknown> | unknown[];
  const child = (container as Record<string | number, unknown>)[key];
  const updated = setIn(child, rest, next);
  if (Object.is(updated, child)) return value;
  if (Array.isArray(container)) {
    const copy = container.slice();
    copy[key as number] = updated;
    return copy as unknown as T;
  }
  return { ...(container as object), [key]: updated } as T;
}

export function updateIn<T, V>(value: T, path: Path, fn: (current: V) => V): T {
  return setIn(value, path, fn(getIn(value, path) as V));
}
