// A Content-Length body (RFC 9112 §6.2): count bytes down; what follows is the next message.
import type { LengthBody, ParseStatus } from './types.ts';

class LengthBodyImpl implements LengthBody {
  consumed = 0;
  remaining: number;

  constructor(length: number) {
    this.remaining = length;
  }

  execute(chunk: Buffer, start = 0): ParseStatus {
    const avail = chunk.length - start;
    const take = avail < this.remaining ? avail : this.remaining;
    this.consumed = take;
    this.remaining -= take;
    return this.remaining === 0 ? 'done' : 'more';
  }

  reset(length: number): void {
    this.remaining = length;
    this.consumed = 0;
  }
}

export function createLengthBody(length: number): LengthBody {
  return new LengthBodyImpl(length);
}
