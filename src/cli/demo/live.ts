// The live view: on a terminal the summary block is redrawn in place (cursor up, clear to the end
// of the screen: ECMA-48 CUU and ED); elsewhere one plain progress line per interval, so CI logs
// and pipes get readable lines instead of escape codes.
import type { CliIo } from '../command.ts';
import { progressLine, summaryLines, type DemoView } from './render.ts';

export interface LiveView {
  /** Erase the live block (terminal) and stop refreshing. */
  stop(): void;
}

const TTY_REFRESH_MS = 250;
const LINE_EVERY_MS = 2_000;
const SGR = /\u001b\[[0-9;]*m/g;

/**
 * Cut a line to `width` visible characters, passing colour escapes through: a line that wrapped
 * would take two rows, and the redraw (which moves up one row per line) would drift.
 */
export function fitLine(line: string, width: number): string {
  if (line.replace(SGR, '').length <= width) return line;
  let visible = 0;
  let out = '';
  for (let i = 0; i < line.length && visible < width - 1; i++) {
    if (line[i] === '\u001b') {
      const end = line.indexOf('m', i);
      if (end < 0) break;
      out += line.slice(i, end + 1);
      i = end;
      continue;
    }
    out += line[i];
    visible += 1;
  }
  return `${out}…${line.includes('\u001b') ? '\u001b[0m' : ''}`;
}

export function startLiveView(io: CliIo, view: () => DemoView): LiveView {
  const out = io.stdout;
  if (out.isTTY === true) {
    let drawn = 0;
    const erase = () => {
      if (drawn > 0) out.write(`\u001b[${drawn}A\u001b[J`);
      drawn = 0;
    };
    const draw = () => {
      const columns = Math.max(20, (out as { columns?: number }).columns ?? 100);
      const lines = summaryLines(view(), io.out).map((line) => fitLine(line, columns));
      erase();
      out.write(`${lines.join('\n')}\n`);
      drawn = lines.length;
    };
    draw();
    const timer = setInterval(draw, TTY_REFRESH_MS);
    return {
      stop() {
        clearInterval(timer);
        erase();
      },
    };
  }
  const timer = setInterval(() => out.write(`${progressLine(view())}\n`), LINE_EVERY_MS);
  return { stop: () => clearInterval(timer) };
}
