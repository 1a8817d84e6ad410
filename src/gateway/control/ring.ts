// A fixed-size ring of the most recent items (events, gateway-made errors, flight recordings):
// memory stays bounded however long the gateway runs.
export class Ring<T> {
  readonly #items: (T | undefined)[];
  #next = 0;
  #count = 0;
  /** Items ever pushed (the admin API shows how many were dropped). */
  total = 0;

  constructor(capacity: number) {
    this.#items = new Array<T | undefined>(Math.max(0, capacity));
  }

  push(item: T): void {
    this.total += 1;
    const n = this.#items.length;
    if (n === 0) return;
    this.#items[this.#next] = item;
    this.#next = (this.#next + 1) % n;
    if (this.#count < n) this.#count += 1;
  }

  /** Newest first. */
  newest(limit = Infinity): T[] {
    const n = this.#items.length;
    const out: T[] = [];
    for (let i = 1; i <= this.#count && out.length < limit; i++) out.push(this.#items[(this.#next - i + n) % n] as T);
    return out;
  }
}
