// The parsed response head: a view over the bytes plus what a proxy and the probe need.
import { FieldLinesView } from './field-lines.ts';
import type { ResponseFraming, ResponseHead } from './types.ts';

export class ResponseHeadView extends FieldLinesView implements ResponseHead {
  version: 10 | 11 = 11;
  status = 0;
  /** Offset of the 3-digit status code in `buf`. */
  statusStart = 0;
  reasonStart = 0;
  reasonEnd = 0;
  interim = false;
  framing: ResponseFraming = 'none';
  contentLength = -1;
  connectionClose = false;
  connectionKeepAlive = false;
  connectionUpgrade = false;
  keepAlive = false;
  keepAliveTimeoutSec = -1;
  upgradeIndex = -1;
  warnings = 0;
  #reason: string | null = null;

  get reason(): string {
    return (this.#reason ??= this.buf.toString('latin1', this.reasonStart, this.reasonEnd));
  }

  clear(): void {
    this.version = 11;
    this.status = 0;
    this.reasonStart = 0;
    this.reasonEnd = 0;
    this.interim = false;
    this.framing = 'none';
    this.contentLength = -1;
    this.connectionClose = false;
    this.connectionKeepAlive = false;
    this.connectionUpgrade = false;
    this.keepAlive = false;
    this.keepAliveTimeoutSec = -1;
    this.upgradeIndex = -1;
    this.warnings = 0;
    this.#reason = null;
  }
}
