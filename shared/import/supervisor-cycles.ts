/**
 * Every loop in the chain of supervisors (A supervises B supervises A), each once, as the ids
 * in the order the chain runs. Escalations climb this chain, so a loop would never reach the
 * top.
 */
export function supervisorCycles(
  supervisorOf: ReadonlyMap<string, string | undefined>,
): string[][] {
  const done = new Set<string>();
  const cycles: string[][] = [];
  for (const start of supervisorOf.keys()) {
    if (done.has(start)) continue;
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let at: string | undefined = start;
    while (at !== undefined && !done.has(at)) {
      const seenAt = onPath.get(at);
      if (seenAt !== undefined) {
        cycles.push(path.slice(seenAt));
        break;
      }
      onPath.set(at, path.length);
      path.push(at);
      at = supervisorOf.get(at);
    }
    for (const id of path) done.add(id);
  }
  return cycles;
}
