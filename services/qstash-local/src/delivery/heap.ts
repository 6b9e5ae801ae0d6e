/** A binary min-heap ordered by `key` (due times of delayed messages and retries). */
export class MinHeap<T> {
  private readonly items: Array<{ key: number; value: T }> = [];

  get size(): number {
    return this.items.length;
  }

  peekKey(): number | undefined {
    return this.items[0]?.key;
  }

  push(key: number, value: T): void {
    const items = this.items;
    items.push({ key, value });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((items[parent] as { key: number }).key <= key) break;
      [items[i], items[parent]] = [
        items[parent] as (typeof items)[number],
        items[i] as (typeof items)[number],
      ];
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined) return undefined;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = i;
        if (l < items.length && (items[l] as typeof last).key < (items[smallest] as typeof last).key)
          smallest = l;
        if (r < items.length && (items[r] as typeof last).key < (items[smallest] as typeof last).key)
          smallest = r;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest] as typeof last, items[i] as typeof last];
        i = smallest;
      }
    }
    return top.value;
  }
}
