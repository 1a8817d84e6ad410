// Expands the command line's FILES|DIRS|- into the files to read: directories recursively (an S3
// download of AWSLogs/<account>/elasticloadbalancing/<region>/yyyy/mm/dd/…), in name order so
// time order is kept; `.gz` files are marked for gunzip; "-" is stdin.
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';

export interface InputFile {
  readonly path: string;
  readonly display: string;
  readonly size: number;
  readonly gzip: boolean;
  readonly stdin: boolean;
}

export class InputError extends Error {
  readonly code = 'ERR_CONFIG_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

function walk(dir: string, out: string[]): void {
  const names = readdirSync(dir).sort();
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) walk(path, out);
    else if (st.isFile()) out.push(path);
  }
}

export function expandInputs(args: readonly string[]): InputFile[] {
  const files: InputFile[] = [];
  for (const arg of args) {
    if (arg === '-') {
      files.push({ path: '-', display: '(stdin)', size: 0, gzip: false, stdin: true });
      continue;
    }
    let st;
    try {
      st = statSync(arg);
    } catch {
      throw new InputError(`${arg}: no such file or directory; give log files, directories of them, or - for stdin.`);
    }
    const paths: string[] = [];
    if (st.isDirectory()) walk(arg, paths);
    else paths.push(arg);
    for (const path of paths) {
      const size = statSync(path).size;
      files.push({ path, display: path, size, gzip: /\.gz$/i.test(path), stdin: false });
    }
  }
  return files;
}

/** The first bytes of a file (decompressed when gzip), for format detection. */
export async function sampleOf(file: InputFile, bytes = 64 << 10): Promise<Buffer> {
  const raw = createReadStream(file.path, { start: 0, end: file.gzip ? bytes : bytes - 1 });
  const stream = file.gzip ? raw.pipe(createGunzip()) : raw;
  const parts: Buffer[] = [];
  let have = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parts.push(chunk);
      have += chunk.length;
      if (have >= bytes) break;
    }
  } catch {
    // A truncated gzip sample ends early: what we got is enough to detect.
  } finally {
    raw.destroy();
  }
  const all = Buffer.concat(parts);
  // Drop a partial last line.
  const last = all.lastIndexOf(10);
  return have >= bytes && last > 0 ? all.subarray(0, last + 1) : all;
}
