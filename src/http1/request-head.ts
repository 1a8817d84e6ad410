// The parsed request head: a view over the bytes plus the facts a proxy needs, filled in the
// same pass. Strings (target, host) are made only when asked for.
import { FieldLinesView } from './field-lines.ts';
import type { RequestFraming, RequestHead } from './types.ts';

export class RequestHeadView extends FieldLinesView implements RequestHead {
  method = '';
  methodEnd = 0;
  isHead = false;
  targetStart = 0;
  targetEnd = 0;
  pathStart = 0;
  authorityStart = -1;
  authorityEnd = -1;
  version: 10 | 11 = 11;
  framing: RequestFraming = 'none';
  contentLength = -1;
  hostIndex = -1;
  connectionClose = false;
  connectionKeepAlive = false;
  connectionUpgrade = false;
  keepAlive = false;
  upgrade = false;
  upgradeIndex = -1;
  expectContinue = false;
  expectOther = false;
  teTrailers = false;
  warnings = 0;
  #target: string | null = null;
  #host: string | null = null;
  #path: string | null = null;

  get target(): string {
    return (this.#target ??= this.buf.toString('latin1', this.targetStart, this.targetEnd));
  }

  get path(): string {
    if (this.authorityStart < 0) return this.target;
    return (this.#path ??= originForm(this.buf.toString('latin1', this.pathStart, this.targetEnd)));
  }

  get host(): string {
    if (this.authorityStart >= 0) return (this.#host ??= this.buf.toString('latin1', this.authorityStart, this.authorityEnd));
    if (this.hostIndex < 0) return '';
    return (this.#host ??= this.value(this.hostIndex));
  }

  clear(): void {
    this.method = '';
    this.isHead = false;
    this.version = 11;
    this.framing = 'none';
    this.contentLength = -1;
    this.hostIndex = -1;
    this.connectionClose = false;
    this.connectionKeepAlive = false;
    this.connectionUpgrade = false;
    this.keepAlive = false;
    this.upgrade = false;
    this.upgradeIndex = -1;
    this.expectContinue = false;
    this.expectOther = false;
    this.teTrailers = false;
    this.warnings = 0;
    this.authorityStart = this.authorityEnd = -1;
    this.#target = null;
    this.#host = null;
    this.#path = null;
  }
}

/** An absolute-form target's path and query as origin-form: `http://h` → `/`, `http://h?q` → `/?q`. */
function originForm(pathAndQuery: string): string {
  return pathAndQuery.startsWith('/') ? pathAndQuery : `/${pathAndQuery}`;
}
